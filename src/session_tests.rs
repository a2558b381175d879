use super::*;
use crate::error::ErrorKind;
use serde_json::json;

fn call(op: &str, extra: Value) -> Result<DeviceCall> {
    let mut params = json!({"operation": op, "device": " dev-1 "});
    if let (Value::Object(p), Value::Object(e)) = (&mut params, extra) {
        p.extend(e);
    }
    match crate::operations::read(&params.to_string())? {
        crate::operations::Planned::Device(c) => Ok(c),
        other => panic!("not a device call: {other:?}"),
    }
}

fn reply(body: &str) -> Reply {
    Reply {
        status: 200,
        content_type: Some("application/json".into()),
        retry_after: None,
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn routes_and_default_queries() {
    for (op, method, suffix) in [
        ("getDevice", Method::Get, None),
        ("syncSession", Method::Get, Some("sync")),
        ("startDevice", Method::Post, Some("start")),
        ("resetDevice", Method::Post, Some("reset")),
        ("rebootDevice", Method::Post, Some("reboot")),
        ("deviceHealth", Method::Get, Some("health")),
        ("requestAuthCode", Method::Post, Some("authcode")),
    ] {
        let c = call(op, json!({})).unwrap();
        assert_eq!(c.route(), (method, suffix), "{op}");
        assert!(c.query.is_empty(), "{op}: false flags are not sent");
        assert_eq!(c.device.as_str(), "dev-1");
        assert_eq!(c.timeout, REQUEST_TIMEOUT);
        assert_eq!(c.body.is_some(), op == "requestAuthCode", "{op}");
    }
}

#[test]
fn true_flags_become_query_parameters_in_order() {
    let c = call("startDevice", json!({"wait": true})).unwrap();
    assert_eq!(c.query, ["wait"]);
    assert_eq!(c.timeout, START_WAIT_TIMEOUT);
    let c = call(
        "resetDevice",
        json!({"options": {"deleteData": true, "wait": "true", "emptyQueue": true}}),
    )
    .unwrap();
    assert_eq!(c.query, ["data", "wait", "emptyQueue"]);
    assert_eq!(c.timeout, RESET_WAIT_TIMEOUT);
    let c = call(
        "resetDevice",
        json!({"options": {"deleteData": false, "emptyQueue": null}}),
    )
    .unwrap();
    assert!(c.query.is_empty());
    let c = call(
        "rebootDevice",
        json!({"options": {"force": true, "wait": false, "sync": " TRUE "}}),
    )
    .unwrap();
    assert_eq!(c.query, ["force", "sync"]);
    assert_eq!(c.timeout, REQUEST_TIMEOUT);
    let c = call(
        "requestAuthCode",
        json!({"force": true, "phone": " +16001234560 "}),
    )
    .unwrap();
    assert_eq!(c.query, ["force"]);
    assert_eq!(c.body, Some(json!({"phone": "+16001234560"})));
    let c = call("requestAuthCode", json!({"phone": ""})).unwrap();
    assert_eq!(c.body, Some(json!({})));
}

#[test]
fn destructive_flags_take_only_booleans() {
    for (op, extra, label) in [
        (
            "resetDevice",
            json!({"options": {"deleteData": "true"}}),
            "Delete Data",
        ),
        (
            "resetDevice",
            json!({"options": {"emptyQueue": 1}}),
            "Empty Queue",
        ),
        (
            "rebootDevice",
            json!({"options": {"force": "yes"}}),
            "Force",
        ),
        (
            "requestAuthCode",
            json!({"force": "true"}),
            "Force New Session",
        ),
    ] {
        let err = call(op, extra).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidParameter);
        assert!(
            err.message
                .starts_with(&format!("{label} must be true or false")),
            "{}",
            err.message
        );
        assert!(err.message.contains("does not guess"), "{}", err.message);
    }
    let err = call("startDevice", json!({"wait": "maybe"})).unwrap_err();
    assert!(
        err.message.starts_with("Wait must be true or false"),
        "{}",
        err.message
    );
}

#[test]
fn phones_must_be_e164() {
    for bad in [
        "16001234560",
        "+1600",
        "+1234567890123456",
        "+1 600 123 4560",
        "+1600-123-4560",
        "++16001234560",
        "+1600123456a",
        "+",
    ] {
        let err = call("requestAuthCode", json!({"phone": bad})).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidParameter, "{bad}");
        assert!(err.message.contains("E.164"), "{}", err.message);
    }
    for good in ["+12345678", "+123456789012345"] {
        assert!(
            call("requestAuthCode", json!({"phone": good})).is_ok(),
            "{good}"
        );
    }
    assert!(
        call("requestAuthCode", json!({"phone": 16001234560u64}))
            .unwrap_err()
            .message
            .contains("must be text")
    );
}

#[test]
fn answers_pass_through_with_device_and_operation_added() {
    let c = call("deviceHealth", json!({})).unwrap();
    let out = shape(
        &c,
        &reply(r#"{"status":"healthy","device":"theirs","n":[1]}"#),
    )
    .unwrap();
    assert_eq!(
        Value::Object(out.json),
        json!({"status":"healthy","device":"theirs","n":[1],"operation":"deviceHealth"})
    );
    let out = shape(&c, &reply("")).unwrap();
    assert_eq!(
        Value::Object(out.json),
        json!({"device":"dev-1","operation":"deviceHealth"})
    );
    let out = shape(&c, &reply("[1,2]")).unwrap();
    assert_eq!(out.json["data"], json!([1, 2]));
    let err = shape(&c, &reply("<html>")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::ServiceError);
    assert!(err.message.contains("Device Health"), "{}", err.message);
}
