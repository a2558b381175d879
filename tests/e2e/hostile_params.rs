//! Hostile parameters and items: each is either accepted with a documented
//! normalisation (and reaches the API as one encoded segment) or refused
//! before any request. Nothing traps; the rest of the batch goes on.

use serde_json::{Value, json};
use workflow_node_host::bindings::{ErrorKind, InputItem};

use crate::support::{PENDING, assert_no_key_in_items, item, json_of, mock, run, scan};

/// (what, the item, the request target it must produce, or None if refused).
fn matrix() -> Vec<(&'static str, InputItem, Option<String>)> {
    let sent = |segment: &str, query: &str| Some(format!("/v1/devices/{segment}/scan?{query}"));
    let svg = "force=false&encoding=svg";
    let with = |patch: Value| {
        let mut p = scan(PENDING, "svg");
        for (k, v) in patch.as_object().cloned().unwrap_or_default() {
            if v.is_null() {
                p.as_object_mut().map(|o| o.remove(&k));
            } else {
                p[k] = v;
            }
        }
        item(p)
    };
    let raw = |json: &str, parameters: &str| InputItem {
        json: json.into(),
        binary: Vec::new(),
        parameters: parameters.into(),
    };
    let long_ascii = "a".repeat(10_000);
    vec![
        // device ids: accepted, trimmed, one percent-encoded segment
        ("slash", item(scan("a/b", "svg")), sent("a%2Fb", svg)),
        (
            "dot-dot prefix",
            item(scan("../x", "svg")),
            sent("%2E%2E%2Fx", svg),
        ),
        (
            "question mark",
            item(scan("x?force=true", "svg")),
            sent("x%3Fforce%3Dtrue", svg),
        ),
        ("hash", item(scan("x#frag", "svg")), sent("x%23frag", svg)),
        ("percent", item(scan("100%", "svg")), sent("100%25", svg)),
        (
            "encoded slash",
            item(scan("%2F", "svg")),
            sent("%252F", svg),
        ),
        (
            "inner spaces, outer trimmed",
            item(scan("  a b  ", "svg")),
            sent("a%20b", svg),
        ),
        (
            "quotes",
            item(scan("\"a'b\"", "svg")),
            sent("%22a%27b%22", svg),
        ),
        (
            "unicode",
            item(scan("número📱", "svg")),
            sent("n%C3%BAmero%F0%9F%93%B1", svg),
        ),
        (
            "control characters",
            item(scan("a\u{1}b\tc", "svg")),
            sent("a%01b%09c", svg),
        ),
        (
            "10,000 characters",
            item(scan(&long_ascii, "svg")),
            sent(&long_ascii, svg),
        ),
        // device ids: refused
        ("empty", item(scan("", "svg")), None),
        ("whitespace", item(scan(" \n\t ", "svg")), None),
        ("dot-dot", item(scan("..", "svg")), None),
        ("dot", item(scan(".", "svg")), None),
        (
            "10,000 two-byte characters",
            item(scan(&"ü".repeat(10_000), "svg")),
            None,
        ),
        ("device a number", with(json!({"device": 12345})), None),
        // encoding
        (
            "encoding upper-case",
            item(scan(PENDING, "SVG")),
            sent(PENDING, svg),
        ),
        (
            "encoding padded",
            item(scan(PENDING, " image ")),
            sent(PENDING, "force=false&encoding=image"),
        ),
        ("encoding unknown", item(scan(PENDING, "png")), None),
        ("encoding empty", item(scan(PENDING, "")), None),
        ("encoding a number", with(json!({"encoding": 1})), None),
        (
            "encoding null = svg",
            with(json!({"encoding": null})),
            sent(PENDING, svg),
        ),
        // force
        ("force string", with(json!({"force": "true"})), None),
        ("force number", with(json!({"force": 1})), None),
        (
            "force null = false",
            with(json!({"force": null})),
            sent(PENDING, svg),
        ),
        // resource / operation
        (
            "resource missing",
            with(json!({"resource": null})),
            sent(PENDING, svg),
        ),
        ("resource unknown", with(json!({"resource": "chats"})), None),
        (
            "operation missing",
            with(json!({"operation": null})),
            sent(PENDING, svg),
        ),
        (
            "operation unknown",
            with(json!({"operation": "reboot"})),
            None,
        ),
        // options.timeout
        (
            "timeout negative",
            with(json!({"options": {"timeout": -5}})),
            None,
        ),
        (
            "timeout zero",
            with(json!({"options": {"timeout": 0}})),
            None,
        ),
        (
            "timeout huge",
            with(json!({"options": {"timeout": 1e12}})),
            None,
        ),
        (
            "timeout text",
            with(json!({"options": {"timeout": "5000"}})),
            None,
        ),
        (
            "timeout fine",
            with(json!({"options": {"timeout": 5000}})),
            sent(PENDING, svg),
        ),
        ("options not an object", with(json!({"options": [1]})), None),
        // items and parameters
        (
            "item JSON a list",
            raw("[1,2]", &scan(PENDING, "svg").to_string()),
            None,
        ),
        (
            "item JSON not JSON",
            raw("{oops", &scan(PENDING, "svg").to_string()),
            None,
        ),
        ("parameters not JSON", raw("{}", "{device: 1"), None),
        ("parameters a string", raw("{}", "\"device\""), None),
    ]
}

#[tokio::test]
async fn every_hostile_parameter_is_refused_or_sent_as_one_segment() {
    let api = mock();
    let cases = matrix();
    let items: Vec<InputItem> = cases.iter().map(|(_, item, _)| item.clone()).collect();
    let out = run(&api, items, true)
        .await
        .expect("continue-on-fail never fails the call");
    assert_eq!(out.len(), cases.len());
    let mut expected_targets = Vec::new();
    for (i, ((what, _, target), o)) in cases.iter().zip(&out).enumerate() {
        assert_eq!(o.paired_item, i as u32, "{what}");
        let kind = o.error.as_ref().map(|e| e.kind);
        match target {
            Some(t) => {
                // Accepted: sent; the API knows no such device, or scans PENDING.
                assert!(
                    kind.is_none() || kind == Some(ErrorKind::NotFound),
                    "{what}: {kind:?}"
                );
                expected_targets.push(t.clone());
            }
            None => {
                assert_eq!(
                    kind,
                    Some(ErrorKind::InvalidParameter),
                    "{what}: {}",
                    json_of(o)
                );
                let message = &o
                    .error
                    .as_ref()
                    .map(|e| e.message.clone())
                    .unwrap_or_default();
                assert!(message.len() < 400, "{what}: an overlong message");
                assert!(
                    !message.contains(&"a".repeat(100)),
                    "{what}: the message echoes the whole input"
                );
            }
        }
    }
    let targets: Vec<String> = api.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets, expected_targets,
        "requests must follow the accepted items, each one encoded segment"
    );
    assert_no_key_in_items(&out);
}
