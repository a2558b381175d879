//! `host-test soak`: many executions through one host process, a fresh
//! instance each, against the embedded API; resident memory at start and end.

use std::time::Instant;

use serde_json::json;
use sparkbot_mock::{DEMO_API_KEY, MockApi};
use workflow_node_host::NodeHost;
use workflow_node_host::bindings::InputItem;

use super::{CliError, mock_credentials};

/// The process's resident set size in KiB (Linux `/proc/self/status`).
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `iterations` single-item scans; fails when RSS grew by `max_growth`
/// (a fraction) or more between the end of warm-up and the end.
pub async fn run(host: &NodeHost, iterations: u64, max_growth: f64) -> Result<(), CliError> {
    let mock = MockApi::start(DEMO_API_KEY)
        .map_err(|e| CliError::Io(format!("cannot start the mock API: {e}")))?;
    let credentials = mock_credentials(host, &mock).await?;
    let item = InputItem {
        json: "{}".into(),
        binary: Vec::new(),
        parameters: json!({"device": "61b37a069cba0c15d6c81e7c", "encoding": "svg"}).to_string(),
    };
    let continue_on_fail = false;
    let warm_up = (iterations / 20).clamp(1, 500);
    let mut start_rss = 0;
    let started = Instant::now();
    println!("{:>10}  {:>10}  {:>9}", "execution", "RSS KiB", "elapsed s");
    for i in 1..=warm_up + iterations {
        let out = host
            .execute(&credentials, std::slice::from_ref(&item), continue_on_fail)
            .await?;
        if out.len() != 1 || out[0].error.is_some() || out[0].binary.is_empty() {
            return Err(CliError::Usage(format!("execution {i} produced no QR")));
        }
        if i == warm_up {
            start_rss = rss_kib().unwrap_or_default();
            println!(
                "{:>10}  {start_rss:>10}  {:>9.1}  (end of warm-up)",
                0,
                started.elapsed().as_secs_f64()
            );
        } else if i > warm_up && (i - warm_up).is_multiple_of((iterations / 10).max(1)) {
            let rss = rss_kib().unwrap_or_default();
            println!(
                "{:>10}  {rss:>10}  {:>9.1}",
                i - warm_up,
                started.elapsed().as_secs_f64()
            );
        }
        mock.clear_requests();
    }
    let end_rss = rss_kib().unwrap_or_default();
    let growth = if start_rss == 0 {
        0.0
    } else {
        end_rss as f64 / start_rss as f64 - 1.0
    };
    println!(
        "soak: {iterations} executions (fresh instance each) in {:.1} s; RSS {start_rss} KiB → {end_rss} KiB ({:+.1} %, limit {:.0} %)",
        started.elapsed().as_secs_f64(),
        growth * 100.0,
        max_growth * 100.0
    );
    if growth >= max_growth {
        return Err(CliError::Usage(format!(
            "RSS grew {:.1} %, more than {:.0} %",
            growth * 100.0,
            max_growth * 100.0
        )));
    }
    Ok(())
}
