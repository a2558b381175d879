//! Over HTTPS, as against the real API: the host's sender trusts the CA it
//! is given, names TLS failures as such, goes through a CONNECT proxy unless
//! `NO_PROXY` says otherwise, and keeps connections alive across items and
//! calls, replacing one the server closed.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sparkbot_mock::{MockApi, MockOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;
use workflow_node_host::bindings::ErrorKind;
use workflow_node_host::proxy::ProxyConfig;
use workflow_node_host::{HostConfig, NodeHost};

use crate::support::{
    KEY, PENDING, cli, credentials, host, host_with, item, json_of, node_error, output_of, scan,
};

/// A CA file, removed when the test ends.
struct CaFile(PathBuf);

impl Drop for CaFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A mock serving HTTPS for `names`, and its CA written to a file of its own.
fn tls_mock(names: Vec<String>) -> (MockApi, CaFile) {
    let api = MockApi::start_with(
        KEY,
        MockOptions {
            tls: Some(names),
            ..MockOptions::default()
        },
    )
    .expect("TLS mock starts");
    let ca = std::env::temp_dir().join(format!(
        "sparkbot-e2e-ca-{}-{}.pem",
        std::process::id(),
        api.addr().port()
    ));
    std::fs::write(&ca, api.ca_pem().expect("a TLS mock has a CA")).expect("CA file written");
    (api, CaFile(ca))
}

/// A host of its own (a pool of its own) that trusts `ca`.
fn host_trusting(ca: &CaFile, proxy: ProxyConfig) -> NodeHost {
    host_with(HostConfig {
        ca_certs: vec![ca.0.clone()],
        proxy,
        ..HostConfig::default()
    })
}

fn batch(n: usize, encoding: &str) -> Vec<workflow_node_host::bindings::InputItem> {
    (0..n).map(|_| item(scan(PENDING, encoding))).collect()
}

#[tokio::test]
async fn a_scan_over_https_succeeds_with_the_ca_the_host_was_given() {
    let (api, ca) = tls_mock(MockOptions::loopback_names());
    assert!(api.base_url().starts_with("https://"));
    let host = host_trusting(&ca, ProxyConfig::default());
    let items = host
        .execute(&credentials(&api), &batch(1, "svg"), false)
        .await
        .expect("the scan succeeds over TLS");
    assert_eq!(json_of(&items[0])["device"], PENDING);
    assert_eq!(items[0].binary.len(), 1);
    let options = host
        .load_options("getDevices", &credentials(&api), "{}")
        .await
        .expect("the dropdown loads over TLS");
    assert_eq!(options.len(), 4);
    assert_eq!(api.requests()[0].token.as_deref(), Some(KEY));
}

#[tokio::test]
async fn an_unknown_ca_is_a_network_error_that_names_tls() {
    let (api, _ca) = tls_mock(MockOptions::loopback_names());
    // The shared host trusts only the platform's roots.
    let err = node_error(
        host()
            .execute(&credentials(&api), &batch(1, "svg"), false)
            .await,
    );
    assert_eq!(err.kind, ErrorKind::Network, "{err:?}");
    assert!(err.message.contains("TLS"), "{}", err.message);
    assert!(api.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_certificate_for_another_name_is_a_network_error_that_names_tls() {
    let (api, ca) = tls_mock(vec!["api.example.test".into()]);
    let err = node_error(
        host_trusting(&ca, ProxyConfig::default())
            .execute(&credentials(&api), &batch(1, "svg"), false)
            .await,
    );
    assert_eq!(err.kind, ErrorKind::Network, "{err:?}");
    assert!(err.message.contains("TLS"), "{}", err.message);
    assert!(api.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn https_goes_through_a_connect_proxy_and_no_proxy_bypasses_it() {
    let (api, ca) = tls_mock(MockOptions::loopback_names());
    let proxy = ConnectProxy::start();
    let via_proxy = host_trusting(&ca, ProxyConfig::default().all(&proxy.url()));
    let items = via_proxy
        .execute(&credentials(&api), &batch(3, "uri"), false)
        .await
        .expect("the batch succeeds through the proxy");
    assert_eq!(items.len(), 3);
    assert_eq!(proxy.tunnels(), 1, "one tunnel, kept alive for 3 items");
    assert_eq!(
        api.connections(),
        1,
        "the API saw the proxy's one connection"
    );

    let bypass = ProxyConfig {
        no_proxy: Some("localhost,127.0.0.1".into()),
        ..ProxyConfig::default()
    }
    .all(&proxy.url());
    host_trusting(&ca, bypass)
        .execute(&credentials(&api), &batch(1, "uri"), false)
        .await
        .expect("the scan succeeds without the proxy");
    assert_eq!(proxy.tunnels(), 1, "NO_PROXY: no new tunnel");
    assert_eq!(api.connections(), 2, "a direct connection");
}

#[tokio::test]
async fn a_batch_and_the_next_call_share_kept_alive_connections() {
    let (api, ca) = tls_mock(MockOptions::loopback_names());
    let host = host_trusting(&ca, ProxyConfig::default());
    let items = host
        .execute(&credentials(&api), &batch(50, "uri"), false)
        .await
        .expect("the batch succeeds");
    assert_eq!(items.len(), 50);
    let after_batch = api.connections();
    assert!(
        after_batch <= 2,
        "50 items opened {after_batch} connections"
    );
    host.execute(&credentials(&api), &batch(1, "uri"), false)
        .await
        .expect("the second call succeeds");
    assert_eq!(
        api.connections(),
        after_batch,
        "the second call reused the pool"
    );
    assert_eq!(host.connections_opened(), after_batch);
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_replaced() {
    let (api, ca) = tls_mock(MockOptions::loopback_names());
    let host = host_trusting(&ca, ProxyConfig::default());
    host.execute(&credentials(&api), &batch(1, "uri"), false)
        .await
        .expect("the first call succeeds");
    assert_eq!(api.connections(), 1);
    api.close_idle_connections();
    // Let the close reach the client's side of the connection.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let items = host
        .execute(&credentials(&api), &batch(2, "uri"), true)
        .await
        .expect("the call succeeds");
    assert!(items.iter().all(|i| i.error.is_none()), "no item failed");
    assert_eq!(
        api.connections(),
        2,
        "one new connection replaced the closed one"
    );
}

/// An HTTP proxy on loopback that only tunnels (`CONNECT`), counting tunnels.
struct ConnectProxy {
    addr: std::net::SocketAddr,
    tunnels: Arc<AtomicU64>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ConnectProxy {
    fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("proxy binds");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("proxy address");
        let tunnels = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&tunnels);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("proxy runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let accept = async {
                    while let Ok((client, _)) = listener.accept().await {
                        tokio::spawn(tunnel(client, Arc::clone(&counted)));
                    }
                };
                tokio::select! {
                    () = accept => {}
                    _ = stopped => {}
                }
            });
        });
        ConnectProxy {
            addr,
            tunnels,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn tunnels(&self) -> u64 {
        self.tunnels.load(Ordering::SeqCst)
    }
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads `CONNECT host:port`, connects, answers 200 and relays both ways.
async fn tunnel(mut client: tokio::net::TcpStream, tunnels: Arc<AtomicU64>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match client.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let (Some("CONNECT"), Some(target)) = (words.next(), words.next()) else {
        let _ = client
            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
            .await;
        return;
    };
    let Ok(mut server) = tokio::net::TcpStream::connect(target).await else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
        return;
    };
    tunnels.fetch_add(1, Ordering::SeqCst);
    if client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await
        .is_ok()
    {
        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
    }
}

#[test]
fn the_cli_trusts_the_ca_given_with_ca_cert_and_names_tls_without_it() {
    let (api, ca) = tls_mock(MockOptions::loopback_names());
    let base_url = api.base_url();
    let ca_path = ca.0.to_string_lossy().into_owned();
    let options = |extra: &[&str]| {
        let mut command = cli();
        command
            .args(["options", "getDevices", "--base-url", &base_url])
            .args(extra)
            .env("SPARKBOT_API_KEY", KEY);
        for proxy in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] {
            command.env_remove(proxy);
        }
        output_of(&mut command)
    };
    let (ok, text) = options(&["--ca-cert", &ca_path]);
    assert!(ok, "{text}");
    assert!(text.contains("Session: pending"), "{text}");
    let (ok, text) = options(&[]);
    assert!(!ok, "{text}");
    assert!(
        text.contains("\"network\"") && text.contains("TLS"),
        "{text}"
    );
    assert!(!text.contains(KEY));
}
