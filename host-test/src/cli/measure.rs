//! What both halves of `host-test bench` ([`super::bench`], over plain
//! HTTP, and [`super::bench_https`], at a distance) use: timing a call many
//! times, and checking that a timed call did its work.

use std::time::{Duration, Instant};

use http_body_util::BodyExt;

use super::CliError;

/// Median, minimum, maximum and 90th percentile of some timings.
pub(super) struct Stats {
    pub(super) median: Duration,
    pub(super) min: Duration,
    pub(super) max: Duration,
    pub(super) p90: Duration,
    pub(super) n: usize,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let n = samples.len().max(1);
    let at = |q: f64| {
        samples
            .get(((n - 1) as f64 * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    Stats {
        median: at(0.5),
        min: at(0.0),
        max: at(1.0),
        p90: at(0.9),
        n: samples.len(),
    }
}

/// Times `f` `n` times after `warm` untimed runs.
pub(super) async fn time<F, Fut>(warm: usize, n: usize, mut f: F) -> Result<Stats, CliError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), CliError>>,
{
    for _ in 0..warm {
        f().await?;
    }
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        f().await?;
        samples.push(started.elapsed());
    }
    Ok(stats(samples))
}

/// A host error as the bench reports it.
pub(super) fn host_error(e: workflow_node_host::HostError) -> CliError {
    CliError::Host(e)
}

/// Fails the bench with `what` unless `ok`: a figure is only printed for a call that did its work.
pub(super) fn check(ok: bool, what: &str) -> Result<(), CliError> {
    if ok {
        Ok(())
    } else {
        Err(CliError::Usage(format!("bench: {what}")))
    }
}

/// A native client's answer to a scan, read whole and checked: 200 with a body.
pub(super) async fn check_native_scan<B>(response: hyper::Response<B>) -> Result<(), CliError>
where
    B: hyper::body::Body,
    B::Error: std::fmt::Display,
{
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| CliError::Io(e.to_string()))?
        .to_bytes();
    check(
        status == 200 && !body.is_empty(),
        "the native scan succeeds",
    )
}
