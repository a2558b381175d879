//! How the mock serves: plain HTTP or HTTPS (a CA it generates), with an
//! emulated distance, counting the connections it accepts.
//!
//! Distance is emulated in the server, since this kernel has no `netem`: a
//! new connection waits one round trip for TCP's handshake plus one for
//! TLS 1.3's (a full handshake: ClientHello → ServerHello…Finished) before
//! the server reads it, and every response waits one round trip (the
//! request's way there and the answer's way back). So a request on a new
//! HTTPS connection costs three round trips and one on a kept-alive
//! connection one, as over a real link; bandwidth is not modelled (the
//! answers are a few KiB).

use std::convert::Infallible;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use super::{Shared, lock};

/// A generated CA and the server configuration whose certificate it signed.
pub(super) struct Tls {
    /// The CA certificate, PEM: what clients must trust.
    pub ca_pem: String,
    pub config: Arc<ServerConfig>,
}

impl Tls {
    /// A fresh CA and a server certificate for `names` (host names or IP
    /// addresses), signed by it.
    pub fn generate(names: &[String]) -> Result<Self, String> {
        let err = |e: rcgen::Error| format!("cannot make the mock's certificates: {e}");
        let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "SparkBot mock API test CA");
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca =
            CertifiedIssuer::self_signed(ca, KeyPair::generate().map_err(err)?).map_err(err)?;
        let leaf_key = KeyPair::generate().map_err(err)?;
        let mut leaf = CertificateParams::new(names.to_vec()).map_err(err)?;
        leaf.distinguished_name
            .push(DnType::CommonName, "SparkBot mock API");
        let leaf = leaf.signed_by(&leaf_key, &ca).map_err(err)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| {
                b.with_no_client_auth()
                    .with_single_cert(vec![leaf.der().clone(), ca.der().clone()], key)
            })
            .map_err(|e| format!("cannot configure the mock's TLS: {e}"))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls {
            ca_pem: ca.pem(),
            config: Arc::new(config),
        })
    }
}

/// How one mock serves.
pub(super) struct Serving {
    pub app: Router,
    pub tls: Option<tokio_rustls::TlsAcceptor>,
    pub rtt: Duration,
    pub state: Shared,
    /// Wakes every connection to close once idle.
    pub closer: Arc<Notify>,
}

trait Io: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Io for T {}

/// Accepts connections until the runtime stops.
pub(super) async fn serve(listener: TcpListener, serving: Serving) {
    let serving = Arc::new(serving);
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            // Out of descriptors or similar: let the client retry.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        lock(&serving.state).connections += 1;
        let _ = tcp.set_nodelay(true);
        tokio::spawn(connection(tcp, Arc::clone(&serving)));
    }
}

async fn connection(tcp: tokio::net::TcpStream, serving: Arc<Serving>) {
    let handshakes = if serving.tls.is_some() { 2 } else { 1 };
    if !serving.rtt.is_zero() {
        tokio::time::sleep(serving.rtt * handshakes).await;
    }
    let io: Box<dyn Io> = match &serving.tls {
        Some(acceptor) => match acceptor.accept(tcp).await {
            Ok(tls) => Box::new(tls),
            // A client that does not trust the CA hangs up here.
            Err(_) => return,
        },
        None => Box::new(tcp),
    };
    let app = serving.app.clone();
    let rtt = serving.rtt;
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut app = app.clone();
        async move {
            if !rtt.is_zero() {
                tokio::time::sleep(rtt).await;
            }
            tower_service::Service::call(&mut app, request).await
                as Result<axum::response::Response, Infallible>
        }
    });
    let mut conn = pin!(
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(io), service)
    );
    tokio::select! {
        _ = conn.as_mut() => {}
        () = serving.closer.notified() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
