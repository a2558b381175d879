//! The `wasi:http` hooks: a thin adapter from wasmtime to the host's
//! [`Sender`]. The call's [`Grant`] checks each request and adds the
//! credential's secrets; a denied request never leaves the host.

use wasmtime_wasi_http::{RequestOptions, WasiBody, WasiHttpHooks};

use crate::sender::{Grant, Sender};

/// Hooks for one call.
#[derive(Debug)]
pub struct PolicyHooks {
    grant: Grant,
    sender: Sender,
    denied: Vec<String>,
}

impl PolicyHooks {
    /// Hooks that send what `grant` allows through `sender`.
    pub fn new(grant: Grant, sender: Sender) -> Self {
        PolicyHooks {
            grant,
            sender,
            denied: Vec::new(),
        }
    }

    /// What was denied during the call, one line each.
    pub fn denied(&self) -> &[String] {
        &self.denied
    }
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
        if let Err(denial) = self.grant.authorize(&mut request) {
            self.denied.push(denial.to_string());
            // The request (and its body) is dropped here, unsent.
            drop(request);
            return Box::new(async { Err(wasmtime_wasi_http::Error::HttpRequestDenied) });
        }
        let timeouts = self.grant.timeouts(options);
        let sender = self.sender.clone();
        _ = fut;
        Box::new(async move {
            let response = sender.send(request, timeouts).await?;
            // The pool's own task drives the connection: nothing left to await.
            let io: Box<dyn Future<Output = _> + Send> = Box::new(async { Ok(()) });
            Ok((response, io))
        })
    }
}
