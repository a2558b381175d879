//! Batches: continue-on-fail keeps every item, in order, paired right;
//! without it the first failure ends the call, naming the item.

use serde_json::json;
use sparkbot_mock::Fault;
use workflow_node_host::bindings::ErrorKind;

use crate::support::{
    NEW, ONLINE, PENDING, TIMEOUT, assert_no_key_in_items, decode_svg, item, json_of, mock,
    node_error, run, scan,
};

fn mixed_batch() -> Vec<workflow_node_host::bindings::InputItem> {
    let mut bad_force = scan(NEW, "svg");
    bad_force["force"] = json!("yes");
    vec![
        item(scan(PENDING, "svg")),                    // 0: good
        item(scan("ffffffffffffffffffffffff", "svg")), // 1: not found
        item(bad_force),                               // 2: invalid parameter, never sent
        item(scan(NEW, "json")),                       // 3: good
        item(scan(TIMEOUT, "uri")),                    // 4: rate limited
        item(scan(ONLINE, "uri")),                     // 5: session state
    ]
}

#[tokio::test]
async fn continue_on_fail_keeps_every_item_in_order() {
    let api = mock();
    api.set_fault(
        TIMEOUT,
        Fault::RateLimited {
            retry_after: Some(3),
        },
    );
    let out = run(&api, mixed_batch(), true).await.unwrap();
    assert_eq!(
        out.iter().map(|o| o.paired_item).collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4, 5]
    );
    let kinds: Vec<Option<ErrorKind>> = out
        .iter()
        .map(|o| o.error.as_ref().map(|e| e.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            None,
            Some(ErrorKind::NotFound),
            Some(ErrorKind::InvalidParameter),
            None,
            Some(ErrorKind::RateLimited),
            Some(ErrorKind::Conflict)
        ]
    );
    for (i, o) in out.iter().enumerate() {
        if let Some(e) = &o.error {
            assert_eq!(e.item_index, Some(i as u32));
            // The contract's one copy is `error`; the item's JSON is empty,
            // and the host renders n8n's shape from the error.
            assert_eq!(json_of(o), serde_json::json!({}));
            let shown = workflow_node_host::json::failed_item_json(e);
            assert_eq!(shown["error"], e.message.as_str());
            assert_eq!(shown["errorKind"], e.kind.wit_name());
            assert!(o.binary.is_empty());
        }
    }
    let rate_limited = out[4].error.as_ref().unwrap();
    assert_eq!(rate_limited.retry_after_seconds, Some(3));
    assert_eq!(
        workflow_node_host::json::failed_item_json(rate_limited)["retryAfterSeconds"],
        3
    );
    assert_eq!(
        decode_svg(&out[0].binary[0].data),
        api.device(PENDING).unwrap().payload()
    );
    assert_eq!(json_of(&out[3])["data"], api.device(NEW).unwrap().payload());
    // Item 2 was refused before any request; the others were each sent once.
    let targets: Vec<String> = api.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets.len(), 5);
    assert!(!targets.iter().any(|t| t.contains("force=yes")));
    assert_no_key_in_items(&out);
}

#[tokio::test]
async fn without_continue_on_fail_a_bad_parameter_stops_the_batch_before_any_request() {
    let api = mock();
    let err = node_error(run(&api, mixed_batch(), false).await);
    assert_eq!(
        (err.kind, err.item_index),
        (ErrorKind::InvalidParameter, Some(2))
    );
    assert!(err.message.contains("Force New QR"));
    assert!(api.requests().is_empty());
}

#[tokio::test]
async fn without_continue_on_fail_the_first_failing_request_ends_the_call() {
    let api = mock();
    let items = vec![
        item(scan(PENDING, "uri")),
        item(scan("ffffffffffffffffffffffff", "uri")),
        item(scan(NEW, "uri")),
    ];
    let err = node_error(run(&api, items, false).await);
    assert_eq!((err.kind, err.item_index), (ErrorKind::NotFound, Some(1)));
    let targets: Vec<String> = api.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets.len(), 2, "item 2 must not be sent: {targets:?}");
}

#[tokio::test]
async fn an_empty_batch_makes_no_request() {
    let api = mock();
    assert!(run(&api, Vec::new(), false).await.unwrap().is_empty());
    assert!(api.requests().is_empty());
}
