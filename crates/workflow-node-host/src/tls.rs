//! The TLS client the host's sender uses: rustls over ring, trusting the
//! platform's roots plus the CA bundles an administrator adds (a private
//! gateway, a TLS-inspecting proxy), and how a TLS failure is told to the
//! guest (a `wasi:http` TLS error code, which nodes report as a TLS failure).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};

/// The platform's trust roots, read once per process: reading and parsing
/// them takes milliseconds, and every host shares them. `SSL_CERT_FILE` /
/// `SSL_CERT_DIR` replace them, as they do for OpenSSL. Where the platform
/// has none (a bare container), webpki's bundled roots stand in.
fn platform_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

/// Reads every certificate of the PEM file `path`; a file that cannot be
/// read or holds none is an error, so a mistyped path fails at start-up.
pub fn read_ca_bundle(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("CA bundle {}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "CA bundle {}: no PEM certificate in it",
            path.display()
        ));
    }
    Ok(certs)
}

/// The client configuration: the platform's roots plus `extra_ca` files,
/// HTTP/1.1 only (what the node's requests need; one connection carries
/// them one after another).
pub fn client_config(extra_ca: &[PathBuf]) -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    let platform = platform_roots();
    if platform.is_empty() {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    } else {
        // A platform certificate rustls cannot parse is skipped, not fatal.
        roots.add_parsable_certificates(platform.iter().cloned());
    }
    for path in extra_ca {
        for cert in read_ca_bundle(path)? {
            roots
                .add(cert)
                .map_err(|e| format!("CA bundle {}: {e}", path.display()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS configuration: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// What a failed TLS handshake means for the guest: a certificate the host
/// does not trust (unknown CA, wrong name, expired), an alert from the
/// server, or any other protocol failure; each is a `wasi:http` TLS code.
pub fn handshake_error(error: &std::io::Error) -> wasmtime_wasi_http::Error {
    use wasmtime_wasi_http::Error as E;
    match error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        Some(rustls::Error::InvalidCertificate(_)) => E::TlsCertificateError,
        Some(rustls::Error::AlertReceived(alert)) => E::TlsAlertReceived {
            alert_id: Some(u8::from(*alert)),
            alert_message: Some(format!("{alert:?}")),
        },
        _ => E::TlsProtocolError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_without_certificates_is_refused() {
        let dir = std::env::temp_dir().join(format!("tls-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        assert!(read_ca_bundle(&empty).unwrap_err().contains("no PEM"));
        assert!(read_ca_bundle(&dir.join("missing.pem")).is_err());
        assert!(client_config(&[empty]).is_err());
        assert!(client_config(&[]).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn certificate_failures_are_certificate_errors() {
        let bad = std::io::Error::other(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer,
        ));
        assert!(matches!(
            handshake_error(&bad),
            wasmtime_wasi_http::Error::TlsCertificateError
        ));
        let other = std::io::Error::other("eof");
        assert!(matches!(
            handshake_error(&other),
            wasmtime_wasi_http::Error::TlsProtocolError
        ));
    }
}
