//! The `wasi:http` hooks: every outgoing request passes the policy, gets the
//! credential's secret headers (the host's, replacing any the node set), and
//! the host's request timeouts; a denied request never leaves the host.

use std::time::Duration;

use http::{HeaderName, HeaderValue};
use wasmtime_wasi_http::{RequestOptions, WasiBody, WasiHttpHooks};

use crate::policy::{OriginPolicy, carries_secrets_safely};

/// Hooks for one call.
#[derive(Debug)]
pub struct PolicyHooks {
    policy: OriginPolicy,
    headers: Vec<(HeaderName, HeaderValue)>,
    request_timeout: Duration,
    denied: Vec<String>,
}

impl PolicyHooks {
    /// Hooks that enforce `policy`, add `headers` (the credential's secrets)
    /// to every request it allows, and bound each request by `request_timeout`.
    pub fn new(
        policy: OriginPolicy,
        headers: Vec<(HeaderName, HeaderValue)>,
        request_timeout: Duration,
    ) -> Self {
        PolicyHooks {
            policy,
            headers,
            request_timeout,
            denied: Vec::new(),
        }
    }

    /// What was denied during the call, one line each.
    pub fn denied(&self) -> &[String] {
        &self.denied
    }
}

/// The guest's timeout, if any, but never more than the host's.
fn bounded(guest: Option<Duration>, host: Duration) -> Option<Duration> {
    Some(guest.map_or(host, |g| g.min(host)))
}

type SendResult = wasmtime_wasi_http::Result<(
    http::Response<WasiBody>,
    Box<dyn Future<Output = wasmtime_wasi_http::Result<()>> + Send>,
)>;

impl WasiHttpHooks for PolicyHooks {
    fn send_request(
        &mut self,
        mut request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        fut: Box<dyn Future<Output = wasmtime_wasi_http::Result<()>> + Send>,
    ) -> Box<dyn Future<Output = SendResult> + Send> {
        let mut verdict = self.policy.check(request.uri());
        if verdict.is_ok() && !self.headers.is_empty() {
            verdict = carries_secrets_safely(request.uri());
        }
        if let Err(denial) = verdict {
            self.denied.push(denial.to_string());
            // The request (and its body) is dropped here, unsent.
            drop(request);
            return Box::new(async { Err(wasmtime_wasi_http::Error::HttpRequestDenied) });
        }
        add_secrets(request.headers_mut(), &self.headers);
        let guest = options.unwrap_or_default();
        let options = RequestOptions {
            connect_timeout: bounded(guest.connect_timeout, self.request_timeout),
            first_byte_timeout: bounded(guest.first_byte_timeout, self.request_timeout),
            between_bytes_timeout: bounded(guest.between_bytes_timeout, self.request_timeout),
        };
        _ = fut;
        Box::new(async move {
            use http_body_util::BodyExt;
            let (response, io) =
                wasmtime_wasi_http::default_send_request(request, Some(options)).await?;
            Ok((
                response.map(BodyExt::boxed_unsync),
                Box::new(io) as Box<dyn Future<Output = _> + Send>,
            ))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hosts_secret_replaces_the_nodes_header() {
        let mut headers = http::HeaderMap::new();
        headers.append("token", HeaderValue::from_static("forged-by-guest"));
        headers.append("TOKEN", HeaderValue::from_static("again"));
        headers.append("accept", HeaderValue::from_static("*/*"));
        let secret = (
            HeaderName::from_static("token"),
            HeaderValue::from_static("real"),
        );
        add_secrets(&mut headers, &[secret]);
        let tokens: Vec<_> = headers.get_all("token").iter().collect();
        assert_eq!(tokens, ["real"]);
        assert_eq!(headers["accept"], "*/*");
    }

    #[test]
    fn the_guest_may_shorten_timeouts_but_not_lengthen_them() {
        let host = Duration::from_secs(30);
        assert_eq!(bounded(None, host), Some(host));
        assert_eq!(
            bounded(Some(Duration::from_secs(5)), host),
            Some(Duration::from_secs(5))
        );
        assert_eq!(bounded(Some(Duration::from_secs(600)), host), Some(host));
    }
}
