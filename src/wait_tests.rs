use super::*;
use crate::qr::Encoding;
use serde_json::json;
use sparkbot_catalog::CATALOG;
use workflow_node_sdk::{ErrorKind, NodeError};

/// A scripted world: statuses in order, a clock that moves only when slept or asked.
struct Script {
    statuses: Vec<Result<String>>,
    now: Duration,
    per_request: Duration,
    slept: Vec<Duration>,
    scans: u32,
}

impl Script {
    fn new(statuses: &[&str]) -> Self {
        Script {
            statuses: statuses.iter().rev().map(|s| Ok(s.to_string())).collect(),
            now: Duration::ZERO,
            per_request: Duration::from_millis(10),
            slept: Vec::new(),
            scans: 0,
        }
    }
}

impl World for Script {
    fn status(&mut self, _timeout: Duration) -> Result<String> {
        self.now += self.per_request;
        self.statuses.pop().unwrap_or_else(|| Ok("pending".into()))
    }
    fn scan(&mut self, params: &ScanQr) -> Result<Output> {
        self.scans += 1;
        let mut json = Map::new();
        json.insert("device".into(), params.device.as_str().into());
        json.insert("data".into(), "qr".into());
        Ok(Output {
            json,
            binary: Vec::new(),
        })
    }
    fn elapsed(&self) -> Duration {
        self.now
    }
    fn sleep(&mut self, d: Duration) {
        self.slept.push(d);
        self.now += d;
    }
}

fn params(wait_ms: u64, poll_ms: u64) -> ScanAndWait {
    ScanAndWait {
        scan: ScanQr {
            device: "d1".into(),
            force: false,
            encoding: Encoding::Svg,
            timeout: REQUEST_TIMEOUT,
        },
        wait: Duration::from_millis(wait_ms),
        poll_interval: Duration::from_millis(poll_ms),
    }
}

#[test]
fn already_online_answers_at_once_without_a_scan() {
    let mut w = Script::new(&["online"]);
    let out = wait_for_link(&mut w, &params(120_000, 3_000), &Deadline::none()).unwrap();
    assert_eq!(w.scans, 0);
    assert!(w.slept.is_empty());
    assert_eq!(
        Value::Object(out.json),
        json!({"device": "d1", "linked": true, "status": "online", "waitedMs": 0, "polls": 0})
    );
}

#[test]
fn linked_after_some_polls() {
    let mut w = Script::new(&["new", "pending", "pending", "online"]);
    let out = wait_for_link(&mut w, &params(120_000, 1_000), &Deadline::none()).unwrap();
    assert_eq!(w.scans, 1);
    assert_eq!(w.slept, [Duration::from_secs(1); 3]);
    assert_eq!(out.json["linked"], true);
    assert_eq!(out.json["status"], "online");
    assert_eq!(out.json["polls"], 3);
    assert_eq!(out.json["waitedMs"], 3_030);
    assert_eq!(out.json["data"], "qr", "the QR stays in the item");
    assert!(out.json.get("hint").is_none());
}

#[test]
fn the_api_timing_out_ends_the_wait_unlinked_with_what_to_do() {
    let mut w = Script::new(&["pending", "pending", "timeout"]);
    let out = wait_for_link(&mut w, &params(120_000, 2_000), &Deadline::none()).unwrap();
    assert_eq!(out.json["linked"], false);
    assert_eq!(out.json["status"], "timeout");
    assert_eq!(out.json["polls"], 2);
    assert!(out.json["hint"].as_str().unwrap().contains("Run again"));
}

#[test]
fn the_wait_ends_at_its_limit_and_the_last_sleep_is_cut_to_fit() {
    let mut w = Script::new(&["new"]);
    let out = wait_for_link(&mut w, &params(5_000, 2_000), &Deadline::none()).unwrap();
    assert_eq!(out.json["linked"], false);
    assert_eq!(out.json["status"], "pending");
    assert_eq!(w.slept[..2], [Duration::from_secs(2); 2]);
    assert!(w.slept[2] < Duration::from_millis(1_000), "{:?}", w.slept);
    assert_eq!(out.json["polls"], 3);
    assert!(out.json["waitedMs"].as_u64().unwrap() >= 5_000);
    assert!(
        out.json["hint"]
            .as_str()
            .unwrap()
            .contains("not linked within")
    );
}

#[test]
fn a_failed_poll_fails_the_item_with_its_error() {
    let mut w = Script::new(&["new"]);
    w.statuses
        .insert(0, Err(NodeError::new(ErrorKind::ServiceError, "boom")));
    let err = wait_for_link(&mut w, &params(10_000, 1_000), &Deadline::none()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::ServiceError);
}

#[test]
fn options_are_read_with_their_bounds() {
    let read_with = |mut v: Value| {
        v["operation"] = json!("scanQrAndWait");
        check::check(&CATALOG, v.as_object().unwrap()).and_then(|c| ScanAndWait::from_checked(&c))
    };
    let p = read_with(json!({"device": "d"})).unwrap();
    assert_eq!(
        (p.wait, p.poll_interval),
        (Duration::from_secs(120), Duration::from_secs(3))
    );
    let p = read_with(json!({"device": "d", "force": true, "encoding": "image", "options": {"timeout": 600_000, "pollInterval": 1_000}})).unwrap();
    assert_eq!(
        (p.wait, p.poll_interval, p.scan.force, p.scan.encoding),
        (
            Duration::from_secs(600),
            Duration::from_secs(1),
            true,
            Encoding::Image
        )
    );
    for (options, label) in [
        (json!({"timeout": 600_001}), "Timeout"),
        (json!({"timeout": 0}), "Timeout"),
        (json!({"pollInterval": 999}), "Poll Interval"),
        (json!({"pollInterval": "3000"}), "Poll Interval"),
        (json!({"pollInterval": 1500.5}), "Poll Interval"),
    ] {
        let err = read_with(json!({"device": "d", "options": options})).unwrap_err();
        assert!(err.message.starts_with(label), "{}", err.message);
    }
    assert!(
        read_with(json!({"device": "d", "force": "true"}))
            .unwrap_err()
            .message
            .starts_with("Force New QR")
    );
}

#[test]
fn session_status_is_read_from_the_device_object() {
    assert_eq!(
        session_status(br#"{"id":"x","session":{"status":"online"}}"#),
        "online"
    );
    assert_eq!(session_status(br#"{"id":"x"}"#), "unknown");
    assert_eq!(session_status(b"nope"), "unknown");
}
