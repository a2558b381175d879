//! Every one-request operation of the WhatsApp session resource: the exact
//! request it sends (method, path, query, body) and the item it gives.

use serde_json::{Value, json};
use sparkbot_mock::MockApi;

use crate::support::{
    NEW, ONLINE, PENDING, assert_no_key_in_items, item, json_of, mock, node_error, run,
};

fn op(operation: &str, device: &str, extra: Value) -> Value {
    let mut p = json!({"resource": "whatsappSession", "operation": operation, "device": device});
    if let (Value::Object(p), Value::Object(e)) = (&mut p, extra) {
        p.extend(e);
    }
    p
}

/// Runs one item and returns its JSON and the one request the mock saw.
async fn one(api: &MockApi, params: Value) -> (Value, (String, String, String, String)) {
    api.clear_requests();
    let out = run(api, vec![item(params)], false).await.expect("succeeds");
    assert_eq!(out.len(), 1);
    assert_no_key_in_items(&out);
    assert!(out[0].binary.is_empty());
    let requests = api.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let r = &requests[0];
    (
        json_of(&out[0]),
        (
            r.method.clone(),
            r.path.clone(),
            r.query.clone(),
            r.body.clone(),
        ),
    )
}

fn req(method: &str, path: &str, query: &str, body: &str) -> (String, String, String, String) {
    (method.into(), path.into(), query.into(), body.into())
}

#[tokio::test]
async fn every_operation_sends_its_exact_request() {
    let api = mock();
    let base = format!("/v1/devices/{PENDING}");
    let cases = [
        (
            op("getDevice", PENDING, json!({})),
            req("GET", &base, "", ""),
        ),
        (
            op("syncSession", PENDING, json!({})),
            req("GET", &format!("{base}/sync"), "", ""),
        ),
        (
            op("deviceHealth", PENDING, json!({})),
            req("GET", &format!("{base}/health"), "", ""),
        ),
        (
            op("startDevice", PENDING, json!({})),
            req("POST", &format!("{base}/start"), "", ""),
        ),
        (
            op("startDevice", PENDING, json!({"wait": true})),
            req("POST", &format!("{base}/start"), "wait=true", ""),
        ),
        (
            op("resetDevice", PENDING, json!({"options": {}})),
            req("POST", &format!("{base}/reset"), "", ""),
        ),
        (
            op(
                "resetDevice",
                PENDING,
                json!({"options": {"deleteData": true, "wait": true, "emptyQueue": true}}),
            ),
            req(
                "POST",
                &format!("{base}/reset"),
                "data=true&wait=true&emptyQueue=true",
                "",
            ),
        ),
        (
            op(
                "resetDevice",
                PENDING,
                json!({"options": {"deleteData": false, "emptyQueue": true}}),
            ),
            req("POST", &format!("{base}/reset"), "emptyQueue=true", ""),
        ),
        (
            op("rebootDevice", PENDING, json!({})),
            req("POST", &format!("{base}/reboot"), "", ""),
        ),
        (
            op(
                "rebootDevice",
                PENDING,
                json!({"options": {"force": true, "wait": true, "sync": true}}),
            ),
            req(
                "POST",
                &format!("{base}/reboot"),
                "force=true&wait=true&sync=true",
                "",
            ),
        ),
        (
            op("requestAuthCode", PENDING, json!({"phone": "+16001234560"})),
            req(
                "POST",
                &format!("{base}/authcode"),
                "",
                r#"{"phone":"+16001234560"}"#,
            ),
        ),
        (
            op("requestAuthCode", ONLINE, json!({"force": true})),
            req(
                "POST",
                &format!("/v1/devices/{ONLINE}/authcode"),
                "force=true",
                "{}",
            ),
        ),
    ];
    for (params, want) in cases {
        let (json, got) = one(&api, params.clone()).await;
        assert_eq!(got, want, "{params}");
        assert_eq!(json["operation"], params["operation"], "{json}");
    }
}

#[tokio::test]
async fn items_carry_what_the_api_answered() {
    let api = mock();
    let (device, _) = one(&api, op("getDevice", ONLINE, json!({}))).await;
    assert_eq!(
        (device["id"].as_str(), device["session"]["status"].as_str()),
        (Some(ONLINE), Some("online"))
    );
    assert_eq!(device["device"], ONLINE);
    let (health, _) = one(&api, op("deviceHealth", NEW, json!({}))).await;
    assert_eq!(health["status"], "degraded");
    let (reset, _) = one(
        &api,
        op(
            "resetDevice",
            ONLINE,
            json!({"options": {"deleteData": true}}),
        ),
    )
    .await;
    assert_eq!(
        (
            reset["dataDeleted"].as_bool(),
            reset["session"]["status"].as_str()
        ),
        (Some(true), Some("new"))
    );
    assert_eq!(
        api.device(ONLINE).unwrap().session,
        "new",
        "the reset reached the mock"
    );
    let (code, _) = one(&api, op("requestAuthCode", NEW, json!({}))).await;
    let text = code["code"].as_str().unwrap();
    assert!(text.len() == 9 && text.as_bytes()[4] == b'-', "{text}");
    assert_eq!(code["phone"], "+34600000000");
}

#[tokio::test]
async fn api_errors_on_the_new_endpoints_keep_their_kinds() {
    let api = mock();
    let err = node_error(
        run(
            &api,
            vec![item(op("requestAuthCode", ONLINE, json!({})))],
            false,
        )
        .await,
    );
    assert_eq!(
        (err.kind.wit_name().to_string(), err.http_status),
        ("conflict".into(), Some(409))
    );
    let err = node_error(run(&api, vec![item(op("getDevice", "nope", json!({})))], false).await);
    assert_eq!(
        (err.kind.wit_name().to_string(), err.http_status),
        ("not-found".into(), Some(404))
    );
    assert!(err.message.contains("'nope'"), "{}", err.message);
    api.set_fault(
        PENDING,
        sparkbot_mock::Fault::RateLimited {
            retry_after: Some(9),
        },
    );
    let err = node_error(
        run(
            &api,
            vec![item(op("rebootDevice", PENDING, json!({})))],
            false,
        )
        .await,
    );
    assert_eq!(
        (err.kind.wit_name().to_string(), err.retry_after_seconds),
        ("rate-limited".into(), Some(9))
    );
    api.set_fault(PENDING, sparkbot_mock::Fault::Html);
    let err = node_error(
        run(
            &api,
            vec![item(op("deviceHealth", PENDING, json!({})))],
            false,
        )
        .await,
    );
    assert_eq!(err.kind.wit_name().to_string(), "service-error");
}

#[tokio::test]
async fn hostile_values_of_the_new_fields_are_refused_before_any_request() {
    let api = mock();
    let bad = [
        op("requestAuthCode", NEW, json!({"phone": "16001234560"})),
        op("requestAuthCode", NEW, json!({"phone": "+1 600 123 4560"})),
        op("requestAuthCode", NEW, json!({"phone": "+1600"})),
        op(
            "requestAuthCode",
            NEW,
            json!({"phone": "+1234567890123456"}),
        ),
        op(
            "requestAuthCode",
            NEW,
            json!({"phone": "+16001234560\r\nX: y"}),
        ),
        op("requestAuthCode", NEW, json!({"phone": 16001234560u64})),
        op("requestAuthCode", NEW, json!({"force": "true"})),
        op(
            "resetDevice",
            NEW,
            json!({"options": {"deleteData": "true"}}),
        ),
        op("resetDevice", NEW, json!({"options": {"emptyQueue": 1}})),
        op("resetDevice", NEW, json!({"options": {"data": true}})),
        op("rebootDevice", NEW, json!({"options": {"force": "yes"}})),
        op("rebootDevice", NEW, json!({"options": {"sync": "maybe"}})),
        op("startDevice", NEW, json!({"wait": 1})),
        op("getDevice", NEW, json!({"options": {"timeout": 5}})),
        op(
            "scanQrAndWait",
            NEW,
            json!({"options": {"pollInterval": 999}}),
        ),
        op(
            "scanQrAndWait",
            NEW,
            json!({"options": {"timeout": 600_001}}),
        ),
        op("scanQrAndWait", NEW, json!({"options": {"timeout": -1}})),
        op("scanQrAndWait", NEW, json!({"force": "true"})),
        op("getDevice", "..", json!({})),
        op("deleteDevice", NEW, json!({})),
    ];
    let items = bad.iter().cloned().map(item).collect();
    let out = run(&api, items, true).await.expect("continue-on-fail");
    assert_eq!(out.len(), bad.len());
    for (i, (o, params)) in out.iter().zip(&bad).enumerate() {
        let e = o
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{params} was accepted"));
        assert_eq!(
            e.kind.wit_name().to_string(),
            "invalid-parameter",
            "{params}: {}",
            e.message
        );
        assert_eq!(e.item_index, Some(i as u32));
        assert_eq!(o.json, "{}");
    }
    assert!(api.requests().is_empty(), "{:?}", api.requests());
    // Without continue-on-fail, one bad item stops the batch before anything is sent.
    let items = vec![
        item(op("resetDevice", NEW, json!({}))),
        item(bad[0].clone()),
    ];
    let err = node_error(run(&api, items, false).await);
    assert_eq!(err.item_index, Some(1));
    assert!(api.requests().is_empty());
}

#[tokio::test]
async fn continue_on_fail_over_a_batch_that_mixes_operations() {
    let api = mock();
    let items = vec![
        item(op("getDevice", ONLINE, json!({}))),
        item(op("scanQr", PENDING, json!({"encoding": "uri"}))),
        item(op("requestAuthCode", ONLINE, json!({}))), // 409: already online
        item(op("deviceHealth", "missing-device", json!({}))), // 404
        item(op(
            "rebootDevice",
            NEW,
            json!({"options": {"force": "true"}}),
        )), // refused
        item(op("scanQrAndWait", ONLINE, json!({}))),   // already online: no scan
        item(op("syncSession", PENDING, json!({}))),
    ];
    let out = run(&api, items, true).await.expect("continue-on-fail");
    let summary: Vec<(u32, Option<String>)> = out
        .iter()
        .map(|o| {
            (
                o.paired_item,
                o.error.as_ref().map(|e| e.kind.wit_name().to_string()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (0, None),
            (1, None),
            (2, Some("conflict".into())),
            (3, Some("not-found".into())),
            (4, Some("invalid-parameter".into())),
            (5, None),
            (6, None),
        ]
    );
    assert_eq!(json_of(&out[5])["linked"], true);
    let targets: Vec<String> = api
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(
        targets,
        vec![
            format!("GET /v1/devices/{ONLINE}"),
            format!("GET /v1/devices/{PENDING}/scan?force=false&encoding=uri"),
            format!("POST /v1/devices/{ONLINE}/authcode"),
            "GET /v1/devices/missing-device/health".to_string(),
            format!("GET /v1/devices/{ONLINE}"),
            format!("GET /v1/devices/{PENDING}/sync"),
        ]
    );
}
