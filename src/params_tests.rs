use super::*;
use crate::error::ErrorKind;
use serde_json::json;

fn read(v: Value) -> Result<ScanQr> {
    read_scan_qr(&v.to_string())
}

fn refused(v: Value) -> NodeError {
    let err = read(v.clone()).expect_err(&v.to_string());
    assert_eq!(err.kind, ErrorKind::InvalidParameter, "{v}");
    err
}

#[test]
fn defaults_fill_what_is_left_out() {
    let p = read(json!({"device": "61b37a069cba0c15d6c81e7b"})).unwrap();
    assert_eq!(p.device.as_str(), "61b37a069cba0c15d6c81e7b");
    assert!(!p.force);
    assert_eq!(p.encoding, Encoding::Svg);
    assert_eq!(p.timeout, Duration::from_millis(DEFAULT_TIMEOUT_MS));
}

#[test]
fn full_parameters_are_read() {
    let p = read(json!({
        "resource": "whatsappSession", "operation": "scanQr",
        "device": "  dev-1 ", "force": true, "encoding": " Base64_URI ",
        "options": {"timeout": 1500}
    }))
    .unwrap();
    assert_eq!(p.device.as_str(), "dev-1");
    assert!(p.force);
    assert_eq!(p.encoding, Encoding::Base64Uri);
    assert_eq!(p.timeout, Duration::from_millis(1500));
}

#[test]
fn every_encoding_round_trips_through_its_name() {
    for e in Encoding::ALL {
        let p = read(json!({"device": "d", "encoding": e.as_str()})).unwrap();
        assert_eq!(p.encoding, e);
        let upper = read(json!({"device": "d", "encoding": e.as_str().to_uppercase()})).unwrap();
        assert_eq!(upper.encoding, e);
    }
}

#[test]
fn bad_device_values_are_refused() {
    for v in [
        json!(null),
        json!(""),
        json!("   "),
        json!("."),
        json!(".."),
        json!(5),
        json!(["a"]),
    ] {
        let err = refused(json!({"device": v}));
        assert!(err.message.contains("WhatsApp Number"), "{}", err.message);
    }
    refused(json!({}));
    let long = "a".repeat(MAX_DEVICE_ID_BYTES + 1);
    assert!(
        refused(json!({"device": long}))
            .message
            .contains("bytes long")
    );
    assert!(read(json!({"device": "a".repeat(MAX_DEVICE_ID_BYTES)})).is_ok());
}

#[test]
fn odd_but_valid_device_ids_are_kept_verbatim() {
    for id in [
        "a/b", "../x", "x?y=1#z", "100%", "%2F", "a b", "\"q\"", "ünï", "a\u{7}b",
    ] {
        assert_eq!(read(json!({"device": id})).unwrap().device.as_str(), id);
    }
}

#[test]
fn force_must_be_a_boolean() {
    assert!(!read(json!({"device": "d", "force": null})).unwrap().force);
    for v in [json!("true"), json!("false"), json!(1), json!(0), json!({})] {
        let err = refused(json!({"device": "d", "force": v}));
        assert!(
            err.message
                .starts_with("Force New QR must be true or false"),
            "{}",
            err.message
        );
    }
}

#[test]
fn unknown_encodings_are_refused_with_the_known_ones() {
    for v in [json!("png"), json!(""), json!(3), json!("svg2")] {
        let err = refused(json!({"device": "d", "encoding": v}));
        assert!(
            err.message
                .contains("svg, json, base64, base64_uri, uri, image"),
            "{}",
            err.message
        );
    }
}

#[test]
fn timeouts_out_of_range_are_refused() {
    for t in [
        json!(0),
        json!(-1),
        json!(1.5),
        json!(MAX_TIMEOUT_MS + 1),
        json!(1e300),
        json!("100"),
    ] {
        let err = refused(json!({"device": "d", "options": {"timeout": t}}));
        assert!(
            err.message.starts_with("Timeout must be"),
            "{}",
            err.message
        );
    }
    assert_eq!(
        read(json!({"device": "d", "options": {"timeout": 2000.0}}))
            .unwrap()
            .timeout,
        Duration::from_secs(2)
    );
    assert!(
        refused(json!({"device": "d", "options": {"timout": 5}}))
            .message
            .contains("'timout'")
    );
    refused(json!({"device": "d", "options": 5}));
}

#[test]
fn unknown_resource_or_operation_is_refused() {
    assert!(
        refused(json!({"device": "d", "resource": "chats"}))
            .message
            .contains("whatsappSession")
    );
    assert!(
        refused(json!({"device": "d", "operation": "reboot"}))
            .message
            .contains("scanQr")
    );
}

#[test]
fn parameters_must_be_a_json_object() {
    for text in ["", "nope", "[1]", "\"device\"", "null"] {
        let err = read_scan_qr(text).expect_err(text);
        assert_eq!(err.kind, ErrorKind::InvalidParameter);
    }
}

#[test]
fn truncate_escapes_control_characters_and_cuts_long_text() {
    assert_eq!(truncate("a\nb", 10), "a\\nb");
    assert_eq!(truncate("abcdef", 3), "abc…");
}
