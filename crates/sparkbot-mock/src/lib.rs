//! The embedded SparkBot API: a real HTTP server on 127.0.0.1 that follows
//! `docs/sparkbot-api.md`. It checks the `Token` header, keeps several devices in
//! different session states, serves every WhatsApp session endpoint, issues
//! real QR codes in all six encodings (a new payload each time a session is
//! forced), runs each number's linking state machine ([`session`]), answers
//! errors as JSON by the API's table, can be told to misbehave per device
//! (on every endpoint of that device), and records every request it
//! receives: method, raw request line, path, query and body.
//!
//! Tests in other processes drive it through an admin API under `/__mock/`
//! (no key needed; it listens on loopback only): `POST /__mock/faults`
//! `{"device": id, "fault": Fault}`, `POST /__mock/reset`,
//! `POST /__mock/link` `{"device": id}` (the phone scans: `online` now),
//! `POST /__mock/session` `{"device": id, "linkAfterMs"?: n, "qrTimeoutMs"?: n,
//! "session"?: status}`, `GET /__mock/requests` (method, target, path, query,
//! body, whether the token matched; never the token itself),
//! `GET /__mock/devices` (with each current payload), `GET /__mock/store`
//! (every stored object by collection, and every file in base64) and
//! `GET /__mock/connections` (connections accepted). It serves plain HTTP or
//! HTTPS with a CA of its own, at an emulated distance ([`MockOptions`]).

#![deny(missing_docs)]

mod multipart;
mod qr;
mod routes;
mod serve;
mod session;
mod store;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

pub use qr::QrError;
pub use session::QR_CODES_LAST;

/// The API key the demo and `mock-api` use unless told otherwise.
pub const DEMO_API_KEY: &str = "demo-key-0123456789abcdefghijklmnopqrstuv";

/// A WhatsApp number of the mock account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockDevice {
    /// The device id.
    pub id: String,
    /// Its alias, if any.
    pub alias: Option<String>,
    /// Its phone number, if known.
    pub phone: Option<String>,
    /// The device status.
    pub status: String,
    /// The session status: `online` when linked.
    pub session: String,
    /// How many times its session was forced; part of the QR payload.
    pub generation: u32,
    /// When its session became `pending` (the first QR was issued).
    pub pending_since: Option<std::time::Instant>,
    /// With this set, a `pending` session becomes `online` this long after
    /// it became pending, as if the phone scanned the QR.
    pub link_after: Option<Duration>,
    /// A `pending` session becomes `timeout` this long after it became
    /// pending, when its QR codes ran out unscanned.
    pub qr_timeout: Duration,
}

impl MockDevice {
    /// The QR payload this device currently issues.
    pub fn payload(&self) -> String {
        format!("2@sparkbot-mock/{}/{}", self.id, self.generation)
    }
}

/// A way to make one device's scan misbehave. As JSON (for the admin API,
/// `POST /__mock/faults`): `{"kind": "status", "status": 500, "message": "…"}`,
/// `{"kind": "rateLimited", "retryAfter": 7}`, `{"kind": "slow", "ms": 2000}`,
/// `{"kind": "garbled"}`, `{"kind": "huge", "bytes": 5000000}`, …
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Fault {
    /// Answer with this status and a JSON error body.
    Status {
        /// The HTTP status.
        status: u16,
        /// The `message` of the body.
        message: String,
    },
    /// Answer 429, with `Retry-After` when given.
    RateLimited {
        /// Seconds to put in `Retry-After`.
        retry_after: Option<u32>,
    },
    /// Wait this long before answering normally.
    Slow(#[serde(deserialize_with = "millis")] Duration),
    /// Answer 200 with a body that is not what the encoding promises.
    Garbled,
    /// Answer 200 with an HTML page and `text/html`.
    Html,
    /// Answer 200 with an empty body.
    Empty,
    /// Answer 200 with JSON whose `data` is missing.
    WrongShape,
    /// Answer with a redirect to another origin.
    Redirect {
        /// The `Location` header.
        location: String,
    },
    /// Answer 200 with a body of this many bytes.
    Huge {
        /// The body's size.
        bytes: usize,
    },
    /// Answer 200 JSON whose `data` is not base64.
    BadBase64,
    /// Answer normally, but without a `Content-Type` header.
    NoContentType,
    /// Answer normally, but send the body one byte every `ms` milliseconds.
    Trickle {
        /// The pause between bytes.
        ms: u64,
    },
    /// Send the headers and part of the body, then break the connection.
    ResetMidBody,
    /// Answer normally, but echo the request's `Token` header back: in an
    /// `X-Echo-Token` header, in an `echo` field of a JSON body, in a
    /// comment of an SVG body. A leak test: the key must never come out.
    EchoToken,
}

/// Reads `{"ms": N}` into a duration.
fn millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    #[derive(serde::Deserialize)]
    struct Ms {
        ms: u64,
    }
    serde::Deserialize::deserialize(d).map(|m: Ms| Duration::from_millis(m.ms))
}

/// A request the mock received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method.
    pub method: String,
    /// The request target exactly as sent: path and query, still encoded.
    pub target: String,
    /// The path part of the target, still encoded.
    pub path: String,
    /// The query part of the target (after `?`), still encoded; empty if none.
    pub query: String,
    /// The body, as text (lossy UTF-8); empty if none.
    pub body: String,
    /// The `Token` header, if any.
    pub token: Option<String>,
    /// The `Content-Length` header, if any (a chunked body has none).
    pub content_length: Option<usize>,
}

/// The mock's state, shared with its handlers.
#[derive(Debug)]
struct MockState {
    api_key: String,
    devices: Vec<MockDevice>,
    faults: HashMap<String, Fault>,
    requests: Vec<RecordedRequest>,
    /// Connections accepted since start (or the last reset).
    connections: u64,
    /// Everything else the account holds: messages, files, chats, webhooks…
    store: store::Store,
}

impl MockState {
    fn reset(&mut self) {
        self.devices = default_devices();
        self.faults.clear();
        self.requests.clear();
        self.connections = 0;
        self.store = store::Store::seeded();
    }
}

type Shared = Arc<Mutex<MockState>>;

fn lock(state: &Shared) -> MutexGuard<'_, MockState> {
    // A handler that panicked cannot leave the state half-written (every
    // change is one assignment), so a poisoned lock is still usable.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The four devices every mock starts with.
pub fn default_devices() -> Vec<MockDevice> {
    let device = |id: &str, alias: Option<&str>, phone: Option<&str>, session: &str| MockDevice {
        id: id.into(),
        alias: alias.map(Into::into),
        phone: phone.map(Into::into),
        status: "operative".into(),
        session: session.into(),
        generation: 1,
        pending_since: (session == "pending").then(std::time::Instant::now),
        link_after: None,
        qr_timeout: session::QR_CODES_LAST,
    };
    vec![
        device(
            "61b37a069cba0c15d6c81e7b",
            Some("Sales"),
            Some("+14155550101"),
            "online",
        ),
        device("61b37a069cba0c15d6c81e7c", Some("Support"), None, "pending"),
        device(
            "61b37a069cba0c15d6c81e7d",
            None,
            Some("+34600000000"),
            "new",
        ),
        device(
            "61b37a069cba0c15d6c81e7e",
            Some("Marketing"),
            Some("+442071838750"),
            "timeout",
        ),
    ]
}

/// A running mock API. Stops when dropped.
pub struct MockApi {
    addr: SocketAddr,
    state: Shared,
    /// The CA clients must trust, PEM, when serving HTTPS.
    ca_pem: Option<String>,
    closer: Arc<tokio::sync::Notify>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MockApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockApi")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// How a mock serves.
#[derive(Debug, Clone, Default)]
pub struct MockOptions {
    /// The port on 127.0.0.1 (0: a free one).
    pub port: u16,
    /// Serve HTTPS with a certificate for these names (host names or IP
    /// addresses), signed by a CA generated at start ([`MockApi::ca_pem`]).
    pub tls: Option<Vec<String>>,
    /// Emulated round-trip time: each new connection waits one (TCP) or two
    /// (TCP + TLS 1.3) before it is served, each response one.
    pub rtt: Duration,
}

impl MockOptions {
    /// The names a TLS mock's certificate covers by default.
    pub fn loopback_names() -> Vec<String> {
        vec!["127.0.0.1".into(), "localhost".into()]
    }
}

impl MockApi {
    /// Starts on a free port of 127.0.0.1, accepting `api_key`.
    pub fn start(api_key: &str) -> std::io::Result<Self> {
        Self::start_on(0, api_key)
    }

    /// Starts on `port` of 127.0.0.1 (0: a free one), accepting `api_key`.
    pub fn start_on(port: u16, api_key: &str) -> std::io::Result<Self> {
        Self::start_with(
            api_key,
            MockOptions {
                port,
                ..MockOptions::default()
            },
        )
    }

    /// Starts as `options` say, accepting `api_key`.
    pub fn start_with(api_key: &str, options: MockOptions) -> std::io::Result<Self> {
        let tls = match &options.tls {
            Some(names) => Some(serve::Tls::generate(names).map_err(std::io::Error::other)?),
            None => None,
        };
        let listener = std::net::TcpListener::bind(("127.0.0.1", options.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let state: Shared = Arc::new(Mutex::new(MockState {
            api_key: api_key.to_string(),
            devices: default_devices(),
            faults: HashMap::new(),
            requests: Vec::new(),
            connections: 0,
            store: store::Store::seeded(),
        }));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let closer = Arc::new(tokio::sync::Notify::new());
        let serving = serve::Serving {
            app: routes::router(Arc::clone(&state)),
            tls: tls
                .as_ref()
                .map(|t| tokio_rustls::TlsAcceptor::from(Arc::clone(&t.config))),
            rtt: options.rtt,
            state: Arc::clone(&state),
            closer: Arc::clone(&closer),
        };
        let thread = std::thread::Builder::new()
            .name("mock-sparkbot-api".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    // Stopping drops the runtime, which cancels every
                    // connection, slow and stuck ones included.
                    tokio::select! {
                        () = serve::serve(listener, serving) => {}
                        _ = stopped => {}
                    }
                });
            })?;
        Ok(MockApi {
            addr,
            state,
            ca_pem: tls.map(|t| t.ca_pem),
            closer,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The CA certificate (PEM) clients must trust, when serving HTTPS.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// How many connections it has accepted (since start or the last reset).
    pub fn connections(&self) -> u64 {
        lock(&self.state).connections
    }

    /// Closes every connection once it is idle (at once for idle ones), as
    /// a server ending keep-alive does; clients must open new ones.
    pub fn close_idle_connections(&self) {
        self.closer.notify_waiters();
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The Base URL to put in a credential: `http://127.0.0.1:PORT/v1`,
    /// or `https://…` when serving HTTPS.
    pub fn base_url(&self) -> String {
        let scheme = if self.ca_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}/v1", self.addr)
    }

    /// The devices as they are now.
    pub fn devices(&self) -> Vec<MockDevice> {
        let mut s = lock(&self.state);
        s.devices.iter_mut().for_each(session::advance);
        s.devices.clone()
    }

    /// The device with `id`, as it is now.
    pub fn device(&self, id: &str) -> Option<MockDevice> {
        self.devices().into_iter().find(|d| d.id == id)
    }

    /// Makes scans of `device_id` misbehave as `fault` says.
    pub fn set_fault(&self, device_id: &str, fault: Fault) {
        lock(&self.state)
            .faults
            .insert(device_id.to_string(), fault);
    }

    /// Links `device_id` now, as if its phone scanned the QR: `online`.
    /// `false` when there is no such device.
    pub fn link(&self, device_id: &str) -> bool {
        let mut s = lock(&self.state);
        s.devices
            .iter_mut()
            .find(|d| d.id == device_id)
            .map(session::link)
            .is_some()
    }

    /// From now on, a `pending` session of `device_id` becomes `online`
    /// `after` it became pending (immediately if that is already past).
    pub fn link_after(&self, device_id: &str, after: Duration) -> bool {
        self.with_device(device_id, |d| d.link_after = Some(after))
    }

    /// A `pending` session of `device_id` becomes `timeout` `after` it
    /// became pending (default [`session::QR_CODES_LAST`]).
    pub fn qr_timeout(&self, device_id: &str, after: Duration) -> bool {
        self.with_device(device_id, |d| d.qr_timeout = after)
    }

    fn with_device(&self, device_id: &str, change: impl FnOnce(&mut MockDevice)) -> bool {
        let mut s = lock(&self.state);
        s.devices
            .iter_mut()
            .find(|d| d.id == device_id)
            .map(change)
            .is_some()
    }

    /// The objects the account holds under `collection` (`/webhooks`,
    /// `/messages`, `/chat/<device>/chats`…), oldest first.
    pub fn stored(&self, collection: &str) -> Vec<serde_json::Value> {
        lock(&self.state).store.all(collection)
    }

    /// The bytes of the file `id` (uploaded, or seeded in a chat), if held.
    pub fn file(&self, id: &str) -> Option<Vec<u8>> {
        lock(&self.state)
            .store
            .files
            .get(id)
            .map(|f| f.data.clone())
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        lock(&self.state).requests.clear();
    }

    /// Puts devices, faults and recorded requests back as they were at start.
    pub fn reset(&self) {
        lock(&self.state).reset();
    }
}

impl Drop for MockApi {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
