//! Proxies: which requests go through one (`HTTPS_PROXY`, `HTTP_PROXY`,
//! `NO_PROXY`, or `--proxy`), and the `CONNECT` tunnel an https request
//! takes through it. A plain-http request goes to the proxy in absolute form.

use std::fmt;

use http::HeaderValue;
use hyper_util::client::proxy::matcher::Matcher;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The largest proxy answer to a `CONNECT` the host reads.
const MAX_CONNECT_RESPONSE: usize = 8 * 1024;

/// Which proxy each scheme uses, and which hosts bypass them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    /// The proxy for `http://` requests (`http://[user:pass@]host:port`).
    pub http: Option<String>,
    /// The proxy for `https://` requests, reached with `CONNECT`.
    pub https: Option<String>,
    /// Hosts that bypass the proxies, as `NO_PROXY` lists them: names
    /// (`.example.com` and `example.com` match subdomains), IPs, CIDR
    /// blocks, `*` for all.
    pub no_proxy: Option<String>,
}

impl fmt::Debug for ProxyConfig {
    // A proxy URL may hold a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |url: &Option<String>| url.as_deref().map(without_user_info);
        f.debug_struct("ProxyConfig")
            .field("http", &shown(&self.http))
            .field("https", &shown(&self.https))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

fn without_user_info(url: &str) -> String {
    match url.split_once('@') {
        Some((_, rest)) => format!("[user info]@{rest}"),
        None => url.to_string(),
    }
}

impl ProxyConfig {
    /// The proxies the environment names, as curl reads them:
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` (or their lower-case forms).
    pub fn from_env() -> Self {
        let var = |names: [&str; 2]| {
            names
                .iter()
                .find_map(|n| std::env::var(n).ok())
                .filter(|v| !v.trim().is_empty())
        };
        ProxyConfig {
            http: var(["HTTP_PROXY", "http_proxy"]),
            https: var(["HTTPS_PROXY", "https_proxy"]),
            no_proxy: var(["NO_PROXY", "no_proxy"]),
        }
    }

    /// One proxy for both schemes, keeping `no_proxy`.
    pub fn all(self, url: &str) -> Self {
        ProxyConfig {
            http: Some(url.to_string()),
            https: Some(url.to_string()),
            ..self
        }
    }

    pub(crate) fn matcher(&self) -> Matcher {
        Matcher::builder()
            .http(self.http.clone().unwrap_or_default())
            .https(self.https.clone().unwrap_or_default())
            .no(self.no_proxy.clone().unwrap_or_default())
            .build()
    }
}

/// Asks the proxy on `stream` for a tunnel to `authority` (`host:port`) and
/// reads its answer; anything but a 2xx is an error naming the status.
pub(crate) async fn tunnel(
    stream: &mut TcpStream,
    authority: &str,
    auth: Option<&HeaderValue>,
) -> Result<(), String> {
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n").into_bytes();
    if let Some(auth) = auth {
        request.extend_from_slice(b"Proxy-Authorization: ");
        request.extend_from_slice(auth.as_bytes());
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    stream
        .write_all(&request)
        .await
        .map_err(|e| format!("the proxy closed the connection: {e}"))?;
    // Byte by byte would be slow; a proxy sends nothing after its answer's
    // head until the client speaks, so reading in chunks takes nothing more.
    let mut answer = Vec::with_capacity(256);
    let mut chunk = [0u8; 512];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        if answer.len() > MAX_CONNECT_RESPONSE {
            return Err("the proxy's answer to CONNECT is too long".into());
        }
        let n = stream
            .read(&mut chunk)
            .await
            .map_err(|e| format!("the proxy closed the connection: {e}"))?;
        if n == 0 {
            return Err("the proxy closed the connection before answering CONNECT".into());
        }
        answer.extend_from_slice(&chunk[..n]);
    }
    let status_line = answer.split(|&b| b == b'\r').next().unwrap_or_default();
    let status_line = String::from_utf8_lossy(status_line);
    let mut parts = status_line.split_whitespace();
    let version = parts.next().unwrap_or_default();
    let status = parts.next().and_then(|s| s.parse::<u16>().ok());
    match status {
        Some(200..=299) if version.starts_with("HTTP/1.") => Ok(()),
        _ => Err(format!(
            "the proxy refused the tunnel to {authority}: {}",
            status_line.chars().take(80).collect::<String>()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_proxy_bypasses_and_the_scheme_picks_the_proxy() {
        let config = ProxyConfig {
            http: Some("http://plain-proxy:3128".into()),
            https: Some("http://tls-proxy:3128".into()),
            no_proxy: Some("localhost,.internal.example,10.0.0.0/8".into()),
        };
        let m = config.matcher();
        let via = |url: &str| {
            m.intercept(&url.parse().unwrap())
                .map(|i| i.uri().to_string())
        };
        assert_eq!(
            via("https://api.example.com/v1").as_deref(),
            Some("http://tls-proxy:3128/")
        );
        assert_eq!(
            via("http://api.example.com/v1").as_deref(),
            Some("http://plain-proxy:3128/")
        );
        assert_eq!(via("https://localhost:8443/v1"), None);
        assert_eq!(via("https://gw.internal.example/v1"), None);
        assert_eq!(via("https://10.1.2.3/v1"), None);
        assert_eq!(
            ProxyConfig::default()
                .matcher()
                .intercept(&"https://a/".parse().unwrap())
                .map(|_| ()),
            None
        );
    }

    #[test]
    fn a_proxy_password_stays_out_of_debug() {
        let config = ProxyConfig::default().all("http://user:s3cret@proxy:3128");
        assert!(!format!("{config:?}").contains("s3cret"));
    }
}
