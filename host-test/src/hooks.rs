//! The `wasi:http` hooks: every outgoing request passes the policy, and gets
//! the host's request timeouts; a denied request never leaves the host.

use std::time::Duration;

use wasmtime_wasi_http::{RequestOptions, WasiBody, WasiHttpHooks};

use crate::policy::OriginPolicy;

/// Hooks for one call.
#[derive(Debug)]
pub struct PolicyHooks {
    policy: OriginPolicy,
    request_timeout: Duration,
    denied: Vec<String>,
}

impl PolicyHooks {
    /// Hooks that enforce `policy`, and bound each request by `request_timeout`.
    pub fn new(policy: OriginPolicy, request_timeout: Duration) -> Self {
        PolicyHooks {
            policy,
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
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        fut: Box<dyn Future<Output = wasmtime_wasi_http::Result<()>> + Send>,
    ) -> Box<dyn Future<Output = SendResult> + Send> {
        if let Err(denial) = self.policy.check(request.uri()) {
            self.denied.push(denial.to_string());
            // The request (and its body) is dropped here, unsent.
            drop(request);
            return Box::new(async { Err(wasmtime_wasi_http::Error::HttpRequestDenied) });
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
