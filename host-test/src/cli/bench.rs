//! `host-test bench`: what the WebAssembly boundary costs on top of the HTTP
//! round trip, side by side with a native client against the same embedded
//! API in the same run. Prints a table and writes the same figures as JSON.

use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Empty;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use sparkbot_mock::{DEMO_API_KEY, MockApi};
use workflow_node_host::bindings::{Credentials, InputItem};
use workflow_node_host::{HostConfig, NodeHost};

use super::measure::{Stats, check, check_native_scan, host_error, time};
use super::{CliError, mock_credentials};

const DEVICE: &str = "61b37a069cba0c15d6c81e7c";

/// Iteration counts: full, or a quick run that only checks every figure prints.
struct Plan {
    compile: usize,
    load: usize,
    instantiate: usize,
    calls: usize,
    batches: usize,
    batch_size: usize,
    https_batch: usize,
    https_batches: usize,
    https_calls: usize,
}

/// Runs the benchmark on the component at `component`.
pub async fn run(
    component: &Path,
    quick: bool,
    encoding: &str,
    json_out: &Path,
) -> Result<(), CliError> {
    let plan = if quick {
        Plan {
            compile: 1,
            load: 3,
            instantiate: 20,
            calls: 10,
            batches: 1,
            batch_size: 100,
            https_batch: 5,
            https_batches: 1,
            https_calls: 3,
        }
    } else {
        Plan {
            compile: 5,
            load: 20,
            instantiate: 2000,
            calls: 500,
            batches: 5,
            batch_size: 1000,
            https_batch: 100,
            https_batches: 3,
            https_calls: 30,
        }
    };
    let bytes = std::fs::read(component).map_err(|e| super::io_error(component, e))?;
    let mut rows: Vec<(String, Stats)> = Vec::new();
    let mut figures = serde_json::Map::new();

    // 1-2. size, compile, precompiled load
    figures.insert("componentBytes".into(), json!(bytes.len()));
    let config = HostConfig::default();
    rows.push((
        "compile component (from .wasm)".into(),
        time(0, plan.compile, || async {
            NodeHost::from_bytes(&bytes, config.clone())
                .map(drop)
                .map_err(host_error)
        })
        .await?,
    ));
    // The pooling engine reserves its slots when it is created, which shows
    // in a load, so both engines are measured.
    let on_demand = HostConfig {
        pooling: false,
        ..config.clone()
    };
    for (engine, load_config) in [("on-demand", &on_demand), ("pooling", &config)] {
        let artifact = NodeHost::precompile(&bytes, load_config).map_err(host_error)?;
        let cwasm = std::env::temp_dir().join(format!(
            "sparkbot-bench-{}-{engine}.cwasm",
            std::process::id()
        ));
        std::fs::write(&cwasm, &artifact).map_err(|e| super::io_error(&cwasm, e))?;
        let load = time(1, plan.load, || async {
            NodeHost::from_file(&cwasm, load_config.clone())
                .map(drop)
                .map_err(host_error)
        })
        .await;
        let _ = std::fs::remove_file(&cwasm);
        rows.push((format!("load precompiled (.cwasm), {engine} engine"), load?));
    }

    // 3. instantiation
    let host = NodeHost::from_bytes(&bytes, on_demand).map_err(host_error)?;
    let pooled = NodeHost::from_bytes(&bytes, config.clone()).map_err(host_error)?;
    rows.push((
        "instantiate, default allocator".into(),
        time(10, plan.instantiate, || async {
            host.instantiate_only().await.map_err(host_error)
        })
        .await?,
    ));
    rows.push((
        "instantiate, pooling allocator".into(),
        time(10, plan.instantiate, || async {
            pooled.instantiate_only().await.map_err(host_error)
        })
        .await?,
    ));

    // 4. describe, load-options
    let mock = MockApi::start(DEMO_API_KEY).map_err(|e| CliError::Io(format!("mock API: {e}")))?;
    let creds: Credentials = mock_credentials(&pooled, &mock).await?;
    rows.push((
        "describe() incl. fresh instance".into(),
        time(10, plan.calls, || async {
            pooled.describe().await.map(drop).map_err(host_error)
        })
        .await?,
    ));
    rows.push((
        "load-options getDevices".into(),
        time(10, plan.calls, || async {
            let options = pooled
                .load_options("getDevices", &creds, "{}")
                .await
                .map_err(host_error)?;
            check(options.len() == 4, "getDevices lists 4 numbers")
        })
        .await?,
    ));

    // 5. scans through the component
    let scan_item = |encoding: &str| InputItem {
        json: "{}".into(),
        binary: Vec::new(),
        parameters: json!({"device": DEVICE, "encoding": encoding}).to_string(),
    };
    let continue_on_fail = false;
    let one = [scan_item(encoding)];
    let single = time(10, plan.calls, || async {
        let out = pooled
            .execute(&creds, &one, continue_on_fail)
            .await
            .map_err(host_error)?;
        check(
            out.len() == 1 && out[0].error.is_none(),
            "the scan succeeds",
        )
    })
    .await?;
    let batch_items: Vec<InputItem> = (0..plan.batch_size).map(|_| scan_item(encoding)).collect();
    let batch = time(1, plan.batches, || async {
        let out = pooled
            .execute(&creds, &batch_items, continue_on_fail)
            .await
            .map_err(host_error)?;
        check(
            out.len() == batch_items.len() && out.iter().all(|o| o.error.is_none()),
            "the batch succeeds",
        )
    })
    .await?;

    // 6. the same requests from a native client (connection pool, no WebAssembly)
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let url: hyper::Uri = format!(
        "{}/devices/{DEVICE}/scan?force=false&encoding={encoding}",
        mock.base_url()
    )
    .parse()
    .map_err(|e| CliError::Usage(format!("bench URL: {e}")))?;
    let native_get =
        async |client: &Client<HttpConnector, Empty<Bytes>>| native_get_at(client, &url).await;
    let native_single = time(10, plan.calls, || native_get(&client)).await?;
    let native_batch = time(1, plan.batches, || async {
        for _ in 0..plan.batch_size {
            native_get(&client).await?;
        }
        Ok(())
    })
    .await?;
    let fresh: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build_http();
    let native_fresh = time(10, plan.calls, || native_get(&fresh)).await?;
    let single_ratio = single.median.as_secs_f64() / native_single.median.as_secs_f64();
    let batch_ratio = batch.median.as_secs_f64() / native_batch.median.as_secs_f64();
    rows.push((format!("Scan QR ({encoding}), component"), single));
    rows.push((
        format!("Scan QR ({encoding}), native client"),
        native_single,
    ));
    rows.push((
        format!("Scan QR ({encoding}), native, new connection each"),
        native_fresh,
    ));
    rows.push((
        format!("{}-item batch, component (one execute)", plan.batch_size),
        batch,
    ));
    rows.push((
        format!("{} requests, native client", plan.batch_size),
        native_batch,
    ));

    // 7. the bare boundary in a batch: 60-byte answers, no QR to render
    let uri_items: Vec<InputItem> = (0..plan.batch_size).map(|_| scan_item("uri")).collect();
    let uri_batch = time(1, plan.batches, || async {
        let out = pooled
            .execute(&creds, &uri_items, continue_on_fail)
            .await
            .map_err(host_error)?;
        check(
            out.iter().all(|o| o.error.is_none()),
            "the uri batch succeeds",
        )
    })
    .await?;
    let uri_url: hyper::Uri = format!(
        "{}/devices/{DEVICE}/scan?force=false&encoding=uri",
        mock.base_url()
    )
    .parse()
    .map_err(|e| CliError::Usage(format!("bench URL: {e}")))?;
    let native_uri_batch = time(1, plan.batches, || async {
        for _ in 0..plan.batch_size {
            native_get_at(&client, &uri_url).await?;
        }
        Ok(())
    })
    .await?;
    // The same requests through the host's own pooled sender, natively:
    // what the sender costs over a bare hyper client.
    let sender = workflow_node_host::sender::Sender::new(&config).map_err(CliError::Io)?;
    let sender_uri_batch = time(1, plan.batches, || async {
        for _ in 0..plan.batch_size {
            super::bench_https::sender_get(&sender, &uri_url.to_string(), config.request_timeout)
                .await?;
        }
        Ok(())
    })
    .await?;
    let uri_extra_us = (uri_batch.median.as_secs_f64() - native_uri_batch.median.as_secs_f64())
        * 1e6
        / plan.batch_size as f64;
    rows.push((
        format!("{}-item uri batch, component", plan.batch_size),
        uri_batch,
    ));
    rows.push((
        format!("{} uri requests, native client", plan.batch_size),
        native_uri_batch,
    ));
    rows.push((
        format!("{} uri requests, native, host's sender", plan.batch_size),
        sender_uri_batch,
    ));

    // 8. over HTTPS at an emulated distance
    let https = super::bench_https::run(
        &bytes,
        DEVICE,
        plan.https_batch,
        plan.https_batches,
        plan.https_calls,
    )
    .await?;
    rows.extend(https.rows);

    // 9. guest peak linear memory
    let mut peaks = serde_json::Map::new();
    for encoding in ["svg", "image"] {
        let (_, call) = pooled
            .execute_with_stats(&creds, &[scan_item(encoding)], continue_on_fail)
            .await
            .map_err(host_error)?;
        peaks.insert(encoding.into(), json!(call.peak_memory));
    }

    print_table(&rows, bytes.len(), single_ratio, batch_ratio, &peaks);
    println!("uri batch, extra µs per item over native: {uri_extra_us:.1}");
    println!(
        "HTTPS rtt {} ms, component ÷ native pooled: batch {:.3}, 2nd+ scan {:.3}",
        super::bench_https::RTT.as_millis(),
        https.batch_ratio,
        https.single_ratio
    );
    let timings: serde_json::Map<String, Value> = rows
        .iter()
        .map(|(name, s)| {
            (name.clone(), json!({
                "medianUs": s.median.as_secs_f64() * 1e6, "minUs": s.min.as_secs_f64() * 1e6,
                "maxUs": s.max.as_secs_f64() * 1e6, "p90Us": s.p90.as_secs_f64() * 1e6, "n": s.n,
            }))
        })
        .collect();
    figures.insert("timings".into(), Value::Object(timings));
    figures.insert("ratioSingleScan".into(), json!(single_ratio));
    figures.insert("ratioBatch".into(), json!(batch_ratio));
    figures.insert("uriBatchExtraUsPerItem".into(), json!(uri_extra_us));
    figures.insert("ratioHttpsBatch".into(), json!(https.batch_ratio));
    figures.insert("ratioHttpsSecondScan".into(), json!(https.single_ratio));
    figures.insert("guestPeakMemoryBytes".into(), Value::Object(peaks));
    figures.insert("quick".into(), json!(quick));
    figures.insert("encoding".into(), json!(encoding));
    let text = serde_json::to_string_pretty(&Value::Object(figures)).unwrap_or_default();
    std::fs::write(json_out, text).map_err(|e| super::io_error(json_out, e))?;
    println!("figures written to {}", json_out.display());
    Ok(())
}

/// One scan at `url` from a native client, checked.
async fn native_get_at(
    client: &Client<HttpConnector, Empty<Bytes>>,
    url: &hyper::Uri,
) -> Result<(), CliError> {
    let request = hyper::Request::get(url.clone())
        .header("token", DEMO_API_KEY)
        .body(Empty::<Bytes>::new())
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let response = client
        .request(request)
        .await
        .map_err(|e| CliError::Io(format!("native client: {e}")))?;
    check_native_scan(response).await
}

fn print_table(
    rows: &[(String, Stats)],
    size: usize,
    single: f64,
    batch: f64,
    peaks: &serde_json::Map<String, Value>,
) {
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "component size: {size} bytes ({:.1} KiB)",
        size as f64 / 1024.0
    );
    println!(
        "{:<44} {:>12} {:>12} {:>12} {:>12} {:>6}",
        "figure", "median µs", "min µs", "p90 µs", "max µs", "n"
    );
    for (name, s) in rows {
        println!(
            "{name:<44} {:>12.1} {:>12.1} {:>12.1} {:>12.1} {:>6}",
            us(s.median),
            us(s.min),
            us(s.p90),
            us(s.max),
            s.n
        );
    }
    println!("ratio component ÷ native, single scan: {single:.2}");
    println!("ratio component ÷ native, batch:       {batch:.2}");
    for (encoding, bytes) in peaks {
        let mib = bytes.as_f64().unwrap_or_default() / (1024.0 * 1024.0);
        println!("guest peak linear memory, {encoding} scan: {bytes} bytes ({mib:.2} MiB)");
    }
}
