//! The catalog through the real component in the real host: every
//! operation's exact request (`tests/cases/requests.json`, held to the
//! catalog by `cargo test -p sparkbot-catalog`) is what the embedded API
//! receives; a hostile value of every parameter, by its kind, is refused
//! before any request; and `describe()` is the committed snapshot.

use serde_json::{Map, Value, json};
use sparkbot_catalog::{OPERATIONS, RUN_RAW, RUN_SCAN_AND_WAIT};
use workflow_node_sdk::catalog::{Param, Run, sample};

use crate::support::{cli, item, mock, output_of, run};

fn cases() -> Map<String, Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cases/requests.json"
    ))
    .expect("tests/cases/requests.json");
    match serde_json::from_str(&text) {
        Ok(Value::Object(cases)) => cases,
        _ => panic!("tests/cases/requests.json is not an object"),
    }
}

#[tokio::test]
async fn every_operation_sends_exactly_its_committed_request() {
    let api = mock();
    let mut checked = 0;
    for (name, case) in cases() {
        let op = OPERATIONS
            .iter()
            .find(|op| {
                case["params"]["resource"] == op.resource && case["params"]["operation"] == op.value
            })
            .unwrap_or_else(|| panic!("{name}: no such operation"));
        api.reset();
        api.clear_requests();
        run(&api, vec![item(case["params"].clone())], true)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let requests = api.requests();
        if op.run == Run::Custom(RUN_RAW) {
            // Its path is the user's own: tested in resources.rs.
            checked += 1;
            continue;
        }
        if op.run == Run::Custom(RUN_SCAN_AND_WAIT) {
            // Its own behaviour: Scan QR and wait asks for the session first
            // and scans only a number that is not linked; its requests are
            // tested in scan_and_wait.rs. Here: it stays on that number.
            assert!(!requests.is_empty(), "{name}: no request");
            assert!(
                requests
                    .iter()
                    .all(|r| r.path.starts_with("/v1/devices/61b37a069cba0c15d6c81e7b")),
                "{name}"
            );
            checked += 1;
            continue;
        }
        let want = &case["request"];
        let want_target = format!("/v1{}", want["path"].as_str().unwrap_or_default());
        // A custom behaviour sends more than its one request (Scan QR and
        // wait asks for the session first); its catalog request is among them.
        let sent = requests
            .iter()
            .find(|r| r.method == want["method"] && r.target == want_target)
            .unwrap_or_else(|| {
                panic!(
                    "{name}: {want_target} was not sent; the API saw {:?}",
                    requests.iter().map(|r| &r.target).collect::<Vec<_>>()
                )
            });
        assert_eq!(requests.len(), 1, "{name}: one request");
        let body: Value = if sent.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&sent.body).expect("a JSON body")
        };
        assert_eq!(body, want["body"], "{name}: body");
        if !sent.body.is_empty() {
            assert_eq!(
                sent.content_length,
                Some(sent.body.len()),
                "{name}: Content-Length, not chunked"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 2 * OPERATIONS.len());
}

/// Values no parameter of `param`'s kind accepts (the SDK's one list).
fn hostile(param: &Param) -> Vec<Value> {
    sample::hostile(param)
}

#[tokio::test]
async fn a_hostile_value_of_every_parameter_is_refused_before_any_request() {
    let api = mock();
    let mut items = Vec::new();
    let mut labels = Vec::new();
    for (_, case) in cases()
        .into_iter()
        .filter(|(n, _)| n.ends_with("(every option)"))
    {
        let op = OPERATIONS
            .iter()
            .find(|op| {
                case["params"]["resource"] == op.resource && case["params"]["operation"] == op.value
            })
            .expect("operation");
        for param in op.params {
            for value in hostile(param) {
                let mut params = case["params"].as_object().cloned().unwrap_or_default();
                sample::put(op, &mut params, param, value);
                items.push(item(Value::Object(params)));
                labels.push((op.value, param.label));
            }
        }
        // And a name the operation does not take.
        let mut params = case["params"].clone();
        params["devcie"] = json!("x");
        items.push(item(params));
        labels.push((op.value, "devcie"));
    }
    let out = run(&api, items, true).await.expect("continue-on-fail");
    assert_eq!(out.len(), labels.len());
    for (item, (op, label)) in out.iter().zip(&labels) {
        let error = item
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{op}: a hostile {label} was accepted: {}", item.json));
        assert_eq!(
            error.kind.wit_name(),
            "invalid-parameter",
            "{op} {label}: {}",
            error.message
        );
        assert!(
            error.message.contains(label),
            "{op}: the message names {label}: {}",
            error.message
        );
    }
    assert!(api.requests().is_empty(), "no request for a refused item");
}

#[test]
fn describe_is_the_committed_snapshot() {
    let (ok, text) = output_of(
        cli()
            .arg("describe")
            .env("SPARKBOT_COMPONENT", host_test::default_component_path()),
    );
    assert!(ok, "{text}");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/describe.json");
    let current: Value = serde_json::from_str(&text).expect("describe prints JSON");
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(
            path,
            serde_json::to_string_pretty(&current).unwrap_or_default() + "\n",
        )
        .expect("write the snapshot");
        return;
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
        .unwrap_or(Value::Null);
    assert!(
        current == committed,
        "describe() differs from tests/cases/describe.json; if the change is meant, run UPDATE_GENERATED=1 cargo test --test e2e describe_is_the_committed_snapshot and review the diff"
    );
}
