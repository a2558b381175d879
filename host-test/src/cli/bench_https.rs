//! `host-test bench`, at a distance: the embedded API over HTTPS with an
//! emulated round-trip time, the component against a native client that
//! uses the host's own pooled sender (same TLS, same pool, no WebAssembly).
//! What is left of the ratio is what the boundary costs at real distance.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use serde_json::json;
use sparkbot_mock::{DEMO_API_KEY, MockApi, MockOptions};
use workflow_node_host::bindings::InputItem;
use workflow_node_host::sender::{Sender, Timeouts};
use workflow_node_host::{HostConfig, NodeHost};

use super::measure::{Stats, check, check_native_scan, host_error, time};
use super::{CliError, mock_credentials};

/// The emulated round-trip time.
pub const RTT: Duration = Duration::from_millis(20);

/// What the run measured.
pub struct HttpsFigures {
    /// Rows for the table.
    pub rows: Vec<(String, Stats)>,
    /// Batch, component ÷ native.
    pub batch_ratio: f64,
    /// Single scan on a warm host, component ÷ native.
    pub single_ratio: f64,
}

/// Runs a batch of `batch_size` items `batches` times and `calls` single
/// scans, through the component and natively, over HTTPS at [`RTT`].
pub async fn run(
    bytes: &[u8],
    device: &str,
    batch_size: usize,
    batches: usize,
    calls: usize,
) -> Result<HttpsFigures, CliError> {
    let mock = MockApi::start_with(
        DEMO_API_KEY,
        MockOptions {
            tls: Some(MockOptions::loopback_names()),
            rtt: RTT,
            ..MockOptions::default()
        },
    )
    .map_err(|e| CliError::Io(format!("mock API: {e}")))?;
    let ca = std::env::temp_dir().join(format!("sparkbot-bench-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, mock.ca_pem().unwrap_or_default()).map_err(|e| super::io_error(&ca, e))?;
    let config = HostConfig {
        ca_certs: vec![ca.clone()],
        ..HostConfig::default()
    };
    let measured = measure(&mock, &config, bytes, device, batch_size, batches, calls).await;
    let _ = std::fs::remove_file(&ca);
    measured
}

async fn measure(
    mock: &MockApi,
    config: &HostConfig,
    bytes: &[u8],
    device: &str,
    batch_size: usize,
    batches: usize,
    calls: usize,
) -> Result<HttpsFigures, CliError> {
    // One long-lived host: its pool stays warm between calls.
    let host = NodeHost::from_bytes(bytes, config.clone()).map_err(host_error)?;
    let creds = mock_credentials(&host, mock).await?;
    let item = InputItem {
        json: "{}".into(),
        binary: Vec::new(),
        parameters: json!({"device": device, "encoding": "svg"}).to_string(),
    };
    let items: Vec<InputItem> = vec![item; batch_size];
    let component_batch = time(1, batches, || async {
        let out = host
            .execute(&creds, &items, false)
            .await
            .map_err(host_error)?;
        check(
            out.iter().all(|o| o.error.is_none()),
            "the HTTPS batch succeeds",
        )
    })
    .await?;
    let component_single = time(2, calls, || async {
        let out = host
            .execute(&creds, &items[..1], false)
            .await
            .map_err(host_error)?;
        check(
            out.iter().all(|o| o.error.is_none()),
            "the HTTPS scan succeeds",
        )
    })
    .await?;

    let sender = Sender::new(config).map_err(CliError::Io)?;
    let url = format!(
        "{}/devices/{device}/scan?force=false&encoding=svg",
        mock.base_url()
    );
    let native_get = async || sender_get(&sender, &url, config.request_timeout).await;
    let native_batch = time(1, batches, || async {
        for _ in 0..batch_size {
            native_get().await?;
        }
        Ok(())
    })
    .await?;
    let native_single = time(2, calls, native_get).await?;
    let ratio = |a: &Stats, b: &Stats| a.median.as_secs_f64() / b.median.as_secs_f64();
    let rtt = RTT.as_millis();
    Ok(HttpsFigures {
        batch_ratio: ratio(&component_batch, &native_batch),
        single_ratio: ratio(&component_single, &native_single),
        rows: vec![
            (
                format!("HTTPS rtt {rtt} ms: {batch_size}-item batch, component"),
                component_batch,
            ),
            (
                format!("HTTPS rtt {rtt} ms: {batch_size} requests, native pooled"),
                native_batch,
            ),
            (
                format!("HTTPS rtt {rtt} ms: 2nd+ scan, component"),
                component_single,
            ),
            (
                format!("HTTPS rtt {rtt} ms: 2nd+ scan, native pooled"),
                native_single,
            ),
        ],
    })
}

/// One scan at `url` through `sender`, natively, checked.
pub async fn sender_get(sender: &Sender, url: &str, timeout: Duration) -> Result<(), CliError> {
    let timeouts = Timeouts {
        connect: timeout,
        first_byte: timeout,
        between_bytes: timeout,
    };
    let body = Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed_unsync();
    let request = http::Request::get(url)
        .header("token", DEMO_API_KEY)
        .body(body)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let response = sender
        .send(request, timeouts)
        .await
        .map_err(|e| CliError::Io(format!("native client: {e}")))?;
    check_native_scan(response).await
}
