//! Bad parameters are refused before any request; odd device ids reach the
//! API as one percent-encoded path segment.

use serde_json::{Value, json};
use workflow_node_host::bindings::ErrorKind;

use crate::support::{PENDING, item, mock, node_error, run, scan};

async fn refused(parameters: Value, wanted: &str) {
    let api = mock();
    let err = node_error(run(&api, vec![item(parameters.clone())], false).await);
    assert_eq!(
        (err.kind, err.item_index),
        (ErrorKind::InvalidParameter, Some(0)),
        "{parameters}"
    );
    assert!(
        err.message.contains(wanted),
        "{parameters}: {}",
        err.message
    );
    assert!(
        api.requests().is_empty(),
        "{parameters}: a request was made"
    );
}

#[tokio::test]
async fn a_missing_device_is_refused() {
    refused(json!({"encoding": "svg"}), "WhatsApp Number is missing").await;
    refused(json!({"device": "   "}), "WhatsApp Number is empty").await;
}

#[tokio::test]
async fn an_unknown_encoding_is_refused() {
    refused(scan(PENDING, "png"), "QR Encoding 'png' is not known").await;
    refused(
        json!({"device": PENDING, "encoding": 5}),
        "QR Encoding must be text",
    )
    .await;
}

#[tokio::test]
async fn force_that_is_not_a_boolean_is_refused() {
    for force in [json!("true"), json!(1)] {
        let mut parameters = scan(PENDING, "svg");
        parameters["force"] = force;
        refused(parameters, "Force New QR must be true or false").await;
    }
}

#[tokio::test]
async fn odd_device_ids_are_one_encoded_segment() {
    let api = mock();
    let cases = [
        ("../x", "%2E%2E%2Fx"),
        ("a/b", "a%2Fb"),
        (
            "x?force=true&encoding=image#f",
            "x%3Fforce%3Dtrue%26encoding%3Dimage%23f",
        ),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("ünï", "%C3%BCn%C3%AF"),
    ];
    let items = cases.iter().map(|(id, _)| item(scan(id, "svg"))).collect();
    let out = run(&api, items, true).await.unwrap();
    assert!(
        out.iter()
            .all(|o| o.error.as_ref().map(|e| e.kind) == Some(ErrorKind::NotFound))
    );
    let targets: Vec<String> = api.requests().into_iter().map(|r| r.target).collect();
    let wanted: Vec<String> = cases
        .iter()
        .map(|(_, enc)| format!("/v1/devices/{enc}/scan?force=false&encoding=svg"))
        .collect();
    assert_eq!(targets, wanted);
}
