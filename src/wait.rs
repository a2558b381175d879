//! Scan QR and wait: if the number is already online, say so at once (no
//! scan, nothing destroyed); otherwise get the QR as Scan QR does, then ask
//! `GET /devices/{id}` every poll interval until the session is `online`,
//! the API reports `timeout`, or the wait ends (its own limit or the call's
//! deadline, whichever comes first). Between polls the guest sleeps on a
//! `wasi:clocks` pollable: the host's thread is free, no CPU is spent.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use sparkbot_catalog::session::{self, REQUEST_MS};
use workflow_node_sdk::catalog::check::{self, Checked};
use workflow_node_sdk::catalog::request;
use workflow_node_sdk::http::sleep;
use workflow_node_sdk::{Binary, Context, Deadline, Output, Result};

use crate::qr::{self, ScanQr};

/// The session status of a linked number.
pub const ONLINE: &str = "online";
/// The session status once the QR codes ran out unscanned.
pub const TIMED_OUT: &str = "timeout";
/// A status request's timeout.
const REQUEST_TIMEOUT: Duration = Duration::from_millis(REQUEST_MS);

/// The checked parameters of one Scan QR and wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanAndWait {
    /// The scan (its timeout is the scan request's).
    pub scan: ScanQr,
    /// How long to wait for the link.
    pub wait: Duration,
    /// How long between polls.
    pub poll_interval: Duration,
}

impl ScanAndWait {
    /// The wait an item checked against Scan QR and wait asks for.
    pub fn from_checked(checked: &Checked) -> Result<Self> {
        Ok(ScanAndWait {
            scan: ScanQr {
                timeout: REQUEST_TIMEOUT,
                ..ScanQr::from_checked(checked)?
            },
            wait: checked.timeout,
            poll_interval: Duration::from_millis(
                checked
                    .millis("pollInterval")
                    .unwrap_or(session::DEFAULT_POLL_MS),
            ),
        })
    }
}

/// What the wait needs from the world: the link state, a clock and sleep.
/// The component uses [`Live`]; the tests use a scripted one.
pub trait World {
    /// The device's session status, within `timeout`.
    fn status(&mut self, timeout: Duration) -> Result<String>;
    /// Gets the QR.
    fn scan(&mut self, params: &ScanQr) -> Result<Output>;
    /// Time since the world was made.
    fn elapsed(&self) -> Duration;
    /// Sleeps `duration`.
    fn sleep(&mut self, duration: Duration);
}

/// The real world: the API, the monotonic clock, a pollable sleep.
struct Live<'a> {
    cx: &'a Context,
    checked: &'a Checked,
    status: Checked,
    started: Instant,
}

impl World for Live<'_> {
    fn status(&mut self, timeout: Duration) -> Result<String> {
        let status = Checked {
            timeout,
            ..self.status.clone()
        };
        let reply = request::send(self.cx, &status)?;
        Ok(session_status(&reply.body))
    }

    fn scan(&mut self, params: &ScanQr) -> Result<Output> {
        let scan = Checked {
            timeout: params.timeout,
            ..self.checked.clone()
        };
        let reply = request::send(self.cx, &scan)?;
        qr::shape(params, &reply)
    }

    fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    fn sleep(&mut self, duration: Duration) {
        // Blocks in the host until the timer fires: no CPU is spent meanwhile.
        sleep(duration);
    }
}

/// `session.status` of a device object; `unknown` when it has none.
pub fn session_status(body: &[u8]) -> String {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| {
            v.get("session")?
                .get("status")?
                .as_str()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Runs one Scan QR and wait against the API, within the call's deadline.
pub fn run(cx: &Context, checked: &Checked) -> Result<Output> {
    let params = ScanAndWait::from_checked(checked)?;
    let mut device = Map::new();
    device.insert("device".into(), params.scan.device.clone().into());
    let status = check::check_op(&session::GET_DEVICE, &device)?;
    let mut world = Live {
        cx,
        checked,
        status,
        started: Instant::now(),
    };
    wait_for_link(&mut world, &params, &cx.deadline)
}

/// The wait itself, over any [`World`].
pub fn wait_for_link<W: World>(
    world: &mut W,
    params: &ScanAndWait,
    deadline: &Deadline,
) -> Result<Output> {
    let device = params.scan.device.as_str();
    let status = world.status(deadline.within(REQUEST_TIMEOUT)?)?;
    if status == ONLINE {
        let mut json = Map::new();
        json.insert("device".into(), device.into());
        return Ok(finish(
            json,
            Vec::new(),
            true,
            &status,
            Duration::ZERO,
            0,
            None,
        ));
    }
    let scan = ScanQr {
        timeout: deadline.within(params.scan.timeout)?,
        ..params.scan.clone()
    };
    let Output { json, binary } = world.scan(&scan)?;
    let started = world.elapsed();
    // The wait ends at its own limit or the call's deadline, whichever is first.
    let budget = deadline.bound(params.wait).unwrap_or_default();
    let mut polls = 0;
    let mut status = String::from("pending");
    let ended = |waited: Duration| {
        format!(
            "The number was not linked within {} ms. Scan the QR sooner, or raise Options → Timeout (at most {} ms, and within the host's deadline); run again to get a fresh QR.",
            waited.as_millis(),
            session::MAX_TIMEOUT_MS
        )
    };
    // Ends with the time waited when the wait (or the call) runs out unlinked.
    let waited = loop {
        let waited = world.elapsed().saturating_sub(started);
        if waited >= budget {
            break waited;
        }
        world.sleep(params.poll_interval.min(budget - waited));
        let Some(timeout) = deadline.bound(REQUEST_TIMEOUT) else {
            break world.elapsed().saturating_sub(started);
        };
        status = world.status(timeout)?;
        polls += 1;
        let waited = world.elapsed().saturating_sub(started);
        if status == ONLINE {
            return Ok(finish(json, binary, true, &status, waited, polls, None));
        }
        if status == TIMED_OUT {
            let hint = "The QR codes ran out before anyone scanned them (the API reports 'timeout'). Run again to start over with a new QR, and scan it within about a minute.".to_string();
            return Ok(finish(
                json,
                binary,
                false,
                &status,
                waited,
                polls,
                Some(hint),
            ));
        }
    };
    Ok(finish(
        json,
        binary,
        false,
        &status,
        waited,
        polls,
        Some(ended(waited)),
    ))
}

/// The item: what the scan gave, plus the link's outcome.
fn finish(
    mut json: Map<String, Value>,
    binary: Vec<Binary>,
    linked: bool,
    status: &str,
    waited: Duration,
    polls: u32,
    hint: Option<String>,
) -> Output {
    json.insert("linked".into(), linked.into());
    json.insert("status".into(), status.into());
    json.insert(
        "waitedMs".into(),
        u64::try_from(waited.as_millis()).unwrap_or(u64::MAX).into(),
    );
    json.insert("polls".into(), polls.into());
    if let Some(hint) = hint {
        json.insert("hint".into(), hint.into());
    }
    Output { json, binary }
}

#[cfg(test)]
#[path = "wait_tests.rs"]
mod tests;
