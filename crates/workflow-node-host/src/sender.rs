//! The host's own HTTP sender: every request a node makes is carried here.
//!
//! One pooled client per [`crate::NodeHost`] (connections kept alive across
//! items and calls, closed after [`crate::config::HostConfig::pool_idle_timeout`]
//! idle), TLS with the platform's roots plus the administrator's CA bundles
//! ([`crate::tls`]), proxies from the environment or the configuration
//! ([`crate::proxy`]), connect / first-byte / between-bytes timeouts, a cap on
//! the response body, and no redirects (an answer is handed to the node as
//! it is). A call's [`Grant`] applies the origin policy and adds the
//! credential's secret headers before anything is sent.

use std::error::Error as _;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, Response, Uri};
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use wasmtime_wasi_http::{Error as WasiError, RequestOptions, WasiBody};

use crate::config::HostConfig;
use crate::policy::{Denial, OriginPolicy, carries_secrets_safely};

/// What one call may send: the origin policy, the credential's secret
/// headers, and the host's bound on each request's waits.
#[derive(Debug, Clone)]
pub struct Grant {
    policy: OriginPolicy,
    headers: Vec<(HeaderName, HeaderValue)>,
    request_timeout: Duration,
}

impl Grant {
    /// Requests allowed by `policy` get `headers` (the credential's
    /// secrets); each waits at most `request_timeout` per phase.
    pub fn new(
        policy: OriginPolicy,
        headers: Vec<(HeaderName, HeaderValue)>,
        request_timeout: Duration,
    ) -> Self {
        Grant {
            policy,
            headers,
            request_timeout,
        }
    }

    /// No network at all.
    pub fn none() -> Self {
        Grant::new(OriginPolicy::deny_all(), Vec::new(), Duration::ZERO)
    }

    /// Checks `request` against the policy (secrets only over https or to
    /// loopback) and puts the secret headers on it, replacing any header of
    /// the same name the node set.
    pub fn authorize<B>(&self, request: &mut Request<B>) -> Result<(), Denial> {
        self.policy.check(request.uri())?;
        if !self.headers.is_empty() {
            carries_secrets_safely(request.uri())?;
        }
        add_secrets(request.headers_mut(), &self.headers);
        Ok(())
    }

    /// The waits of one request: the guest's, never longer than the host's.
    pub fn timeouts(&self, guest: Option<RequestOptions>) -> Timeouts {
        let guest = guest.unwrap_or_default();
        let bound =
            |g: Option<Duration>| g.map_or(self.request_timeout, |g| g.min(self.request_timeout));
        Timeouts {
            connect: bound(guest.connect_timeout),
            first_byte: bound(guest.first_byte_timeout),
            between_bytes: bound(guest.between_bytes_timeout),
        }
    }
}

/// Puts the credential's secret headers on a request, dropping any header
/// of the same name the node set: the host's value is the only one sent.
fn add_secrets(headers: &mut http::HeaderMap, secrets: &[(HeaderName, HeaderValue)]) {
    for (name, _) in secrets {
        headers.remove(name);
    }
    for (name, value) in secrets {
        headers.append(name.clone(), value.clone());
    }
}

/// How long one request may wait to connect (when no pooled connection is
/// free), for its answer's head (connecting included) and between body frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open a connection, TLS and proxy tunnel included.
    pub connect: Duration,
    /// Until the answer's head has arrived.
    pub first_byte: Duration,
    /// Between two frames of the body.
    pub between_bytes: Duration,
}

/// The pooled client of one host.
#[derive(Clone)]
pub struct Sender {
    client: Client<Connector, WasiBody>,
    proxies: Arc<Matcher>,
    max_body: u64,
    opened: Arc<AtomicU64>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("connections_opened", &self.connections_opened())
            .finish_non_exhaustive()
    }
}

impl Sender {
    /// A sender under `config`: its CA bundles are read now, so a bad one
    /// fails here.
    pub fn new(config: &HostConfig) -> Result<Self, String> {
        let tls = tokio_rustls::TlsConnector::from(crate::tls::client_config(&config.ca_certs)?);
        let proxies = Arc::new(config.proxy.matcher());
        let opened = Arc::new(AtomicU64::new(0));
        let connector = Connector {
            tls,
            proxies: Arc::clone(&proxies),
            connect_timeout: config.request_timeout,
            opened: Arc::clone(&opened),
        };
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(config.pool_idle_timeout)
            .pool_timer(TokioTimer::new())
            .build(connector);
        Ok(Sender {
            client,
            proxies,
            max_body: config.max_response_body,
            opened,
        })
    }

    /// How many connections this sender has opened (to servers or proxies).
    pub fn connections_opened(&self) -> u64 {
        self.opened.load(Ordering::Relaxed)
    }

    /// Sends `request` (already authorized) on a pooled connection or a new
    /// one; the body of the answer is bounded in size and in time.
    pub async fn send(
        &self,
        mut request: Request<WasiBody>,
        timeouts: Timeouts,
    ) -> Result<Response<WasiBody>, WasiError> {
        if request.uri().scheme_str() == Some("http") {
            // A plain request goes to the proxy itself, which may want credentials.
            if let Some(auth) = self
                .proxies
                .intercept(request.uri())
                .and_then(|p| p.basic_auth().cloned())
            {
                request
                    .headers_mut()
                    .insert(http::header::PROXY_AUTHORIZATION, auth);
            }
        }
        // The pool calls the connector inside this future's polls, where
        // the task-local tells it this request's connect timeout.
        let request = CONNECT_TIMEOUT.scope(timeouts.connect, self.client.request(request));
        let response = match tokio::time::timeout(timeouts.first_byte, request).await {
            Err(_elapsed) => return Err(WasiError::ConnectionReadTimeout),
            Ok(Err(e)) => return Err(client_error(&e)),
            Ok(Ok(response)) => response,
        };
        let max = self.max_body;
        Ok(response.map(|incoming| {
            BoundedBody {
                incoming,
                between: timeouts.between_bytes,
                timer: Box::pin(tokio::time::sleep(timeouts.between_bytes)),
                read: 0,
                max,
            }
            .boxed_unsync()
        }))
    }
}

/// The `wasi:http` code for a failed request: a connector failure carries
/// its own; hyper's are classified.
fn client_error(error: &hyper_util::client::legacy::Error) -> WasiError {
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(failure) = cause.downcast_ref::<ConnectFailure>() {
            return failure.code();
        }
        if let Some(e) = cause.downcast_ref::<hyper::Error>() {
            return if e.is_timeout() {
                WasiError::HttpResponseTimeout
            } else if e.is_parse() {
                WasiError::HttpProtocolError
            } else if e.is_incomplete_message() {
                WasiError::HttpResponseIncomplete
            } else {
                WasiError::ConnectionTerminated
            };
        }
        source = cause.source();
    }
    if error.is_connect() {
        WasiError::DestinationUnavailable
    } else {
        WasiError::ConnectionTerminated
    }
}

/// A response body with a deadline between frames and a size cap.
struct BoundedBody {
    incoming: Incoming,
    between: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
    read: u64,
    max: u64,
}

impl Body for BoundedBody {
    type Data = Bytes;
    type Error = WasiError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, WasiError>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.incoming).poll_frame(cx) {
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(if e.is_timeout() {
                WasiError::ConnectionReadTimeout
            } else {
                WasiError::from(e)
            }))),
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.read = this.read.saturating_add(data.len() as u64);
                    if this.read > this.max {
                        return Poll::Ready(Some(Err(WasiError::HttpResponseBodySize(Some(
                            this.read,
                        )))));
                    }
                }
                let next = tokio::time::Instant::now() + this.between;
                this.timer.as_mut().reset(next);
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => {
                ready!(this.timer.as_mut().poll(cx));
                Poll::Ready(Some(Err(WasiError::ConnectionReadTimeout)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.incoming.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.incoming.size_hint()
    }
}

/// Why a connection could not be made, as a `wasi:http` code (kept as the
/// code's parts: the error type is not `Clone`, and hyper keeps this one).
#[derive(Debug)]
struct ConnectFailure(WasiError);

impl std::fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ConnectFailure {}

impl ConnectFailure {
    /// The code again, for the guest (the failure stays inside hyper's error).
    fn code(&self) -> WasiError {
        use WasiError as E;
        match &self.0 {
            E::DnsError { rcode, info_code } => E::DnsError {
                rcode: rcode.clone(),
                info_code: *info_code,
            },
            E::DestinationNotFound => E::DestinationNotFound,
            E::ConnectionRefused => E::ConnectionRefused,
            E::ConnectionTimeout => E::ConnectionTimeout,
            E::TlsCertificateError => E::TlsCertificateError,
            E::TlsProtocolError => E::TlsProtocolError,
            E::TlsAlertReceived {
                alert_id,
                alert_message,
            } => E::TlsAlertReceived {
                alert_id: *alert_id,
                alert_message: alert_message.clone(),
            },
            E::HttpRequestUriInvalid => E::HttpRequestUriInvalid,
            E::InternalError(detail) => E::InternalError(detail.clone()),
            _ => E::DestinationUnavailable,
        }
    }
}

/// Any byte stream a connection runs over: TCP, or TLS over TCP.
trait Io: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Io for T {}

/// One connection, as the pool holds it.
struct Stream {
    io: TokioIo<Box<dyn Io>>,
    /// Plain http through a proxy: requests go in absolute form.
    proxied: bool,
}

impl Connection for Stream {
    fn connected(&self) -> Connected {
        Connected::new().proxy(self.proxied)
    }
}

impl hyper::rt::Read for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// Makes connections for the pool: TCP (through a proxy when one applies),
/// then TLS for https, all within the connect timeout.
#[derive(Clone)]
struct Connector {
    tls: tokio_rustls::TlsConnector,
    proxies: Arc<Matcher>,
    connect_timeout: Duration,
    opened: Arc<AtomicU64>,
}

tokio::task_local! {
    /// The connect timeout of the request being sent.
    static CONNECT_TIMEOUT: Duration;
}

type Connecting = Pin<Box<dyn Future<Output = Result<Stream, ConnectFailure>> + Send>>;

impl tower_service::Service<Uri> for Connector {
    type Response = Stream;
    type Error = ConnectFailure;
    type Future = Connecting;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), ConnectFailure>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Connecting {
        let this = self.clone();
        let timeout = CONNECT_TIMEOUT
            .try_with(|t| *t)
            .map_or(this.connect_timeout, |t| t.min(this.connect_timeout));
        Box::pin(async move {
            match tokio::time::timeout(timeout, this.connect(dst)).await {
                Ok(result) => result.map_err(ConnectFailure),
                Err(_elapsed) => Err(ConnectFailure(WasiError::ConnectionTimeout)),
            }
        })
    }
}

impl Connector {
    async fn connect(&self, dst: Uri) -> Result<Stream, WasiError> {
        let https = match dst.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(WasiError::HttpRequestUriInvalid),
        };
        let host = dst.host().ok_or(WasiError::HttpRequestUriInvalid)?;
        // An IPv6 literal comes bracketed in a URI, bare in a socket address.
        let bare_host = host.trim_start_matches('[').trim_end_matches(']');
        let port = dst.port_u16().unwrap_or(if https { 443 } else { 80 });
        let proxy = self.proxies.intercept(&dst);
        let mut tcp = match &proxy {
            Some(p) => {
                let proxy_host = p.uri().host().ok_or(WasiError::HttpRequestUriInvalid)?;
                let proxy_host = proxy_host.trim_start_matches('[').trim_end_matches(']');
                let proxy_port = p.uri().port_u16().unwrap_or(match p.uri().scheme_str() {
                    Some("https") => 443,
                    _ => 80,
                });
                if p.uri().scheme_str() == Some("https") {
                    return Err(WasiError::InternalError(Some(
                        "proxies reached over TLS (https://) are not supported; use http://".into(),
                    )));
                }
                dial(proxy_host, proxy_port).await?
            }
            None => dial(bare_host, port).await?,
        };
        self.opened.fetch_add(1, Ordering::Relaxed);
        // Requests and answers are small: send each segment at once.
        let _ = tcp.set_nodelay(true);
        if let (Some(p), true) = (&proxy, https) {
            crate::proxy::tunnel(&mut tcp, &format!("{host}:{port}"), p.basic_auth())
                .await
                .map_err(|e| WasiError::InternalError(Some(e)))?;
        }
        let io: Box<dyn Io> = if https {
            let name = ServerName::try_from(bare_host.to_string())
                .map_err(|_| WasiError::HttpRequestUriInvalid)?;
            let tls = self
                .tls
                .connect(name, tcp)
                .await
                .map_err(|e| crate::tls::handshake_error(&e))?;
            Box::new(tls)
        } else {
            Box::new(tcp)
        };
        Ok(Stream {
            io: TokioIo::new(io),
            proxied: proxy.is_some() && !https,
        })
    }
}

/// Resolves `host` and connects to the first address that accepts.
async fn dial(host: &str, port: u16) -> Result<TcpStream, WasiError> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| WasiError::DnsError {
            rcode: Some(e.to_string()),
            info_code: None,
        })?
        .collect();
    let mut refused = false;
    for addr in &addrs {
        match TcpStream::connect(addr).await {
            Ok(stream) => return Ok(stream),
            Err(e) => refused |= e.kind() == std::io::ErrorKind::ConnectionRefused,
        }
    }
    Err(if addrs.is_empty() {
        WasiError::DestinationNotFound
    } else if refused {
        WasiError::ConnectionRefused
    } else {
        WasiError::DestinationUnavailable
    })
}

#[cfg(test)]
#[path = "sender_tests.rs"]
mod tests;
