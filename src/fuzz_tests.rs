//! Property tests over everything that reads outside input: parameters,
//! credentials, API answers. They run a fixed number of cases in the test
//! suite (proptest's default, 256, or `PROPTEST_CASES`); a longer run:
//! `PROPTEST_CASES=100000 cargo test -p sparkbot-whatsapp --lib fuzz_tests`.

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::api::{Call, Reply, status_error, url};
use crate::credentials::{BaseUrl, Credentials};
use crate::error::ErrorKind;
use crate::params::{Encoding, ScanQr, read_scan_qr};
use crate::scan::shape;

/// Any JSON value, a few levels deep, with strings that look like our inputs.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        prop_oneof![
            Just("svg"),
            Just("IMAGE"),
            Just("base64_uri"),
            Just(" json "),
            Just("scanQr"),
            Just("whatsappSession")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Parameter objects that use the real names, with any values.
fn parameters() -> impl Strategy<Value = Value> {
    let names = prop_oneof![
        Just("resource"),
        Just("operation"),
        Just("device"),
        Just("force"),
        Just("encoding"),
        Just("options"),
        Just("other"),
    ];
    prop::collection::btree_map(names, json_value(), 0..7).prop_map(|m| {
        let mut map = Map::new();
        for (k, v) in m {
            map.insert(k.to_string(), v);
        }
        Value::Object(map)
    })
}

proptest! {
    #[test]
    fn reading_parameters_never_panics_and_refuses_as_invalid_parameter(p in parameters()) {
        match read_scan_qr(&p.to_string()) {
            Ok(scan) => {
                let id = scan.device.as_str();
                prop_assert!(!id.is_empty() && id == id.trim() && id != "." && id != "..");
                prop_assert!(Encoding::ALL.contains(&scan.encoding));
                prop_assert!(!scan.timeout.is_zero());
            }
            Err(e) => {
                prop_assert_eq!(e.kind, ErrorKind::InvalidParameter);
                prop_assert!(e.message.chars().count() < 400);
            }
        }
    }

    #[test]
    fn arbitrary_text_as_parameters_is_refused_cleanly(text in ".{0,200}") {
        if let Err(e) = read_scan_qr(&text) {
            prop_assert_eq!(e.kind, ErrorKind::InvalidParameter);
        }
    }

    #[test]
    fn any_device_id_is_exactly_one_segment(id in "\\PC{1,60}|[./?#% \\\\]{1,10}") {
        let u = url("http://127.0.0.1:1/v1", &["devices", &id, "scan"], &[("force", "false")]);
        let path = u.strip_prefix("http://127.0.0.1:1/v1/devices/").unwrap();
        let (segment, rest) = path.split_once('/').unwrap();
        prop_assert_eq!(rest, "scan?force=false");
        prop_assert!(segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_~%".contains(&b)));
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8().unwrap();
        prop_assert_eq!(decoded, id.as_str());
    }

    #[test]
    fn shaping_any_answer_never_panics(
        body in prop::collection::vec(any::<u8>(), 0..512),
        content_type in prop::option::of(prop_oneof![
            Just("application/json"), Just("image/png"), Just("image/svg+xml"), Just("text/html"), Just("x/y")
        ]),
        encoding in prop::sample::select(Encoding::ALL.to_vec()),
        status in 200u16..300,
    ) {
        let params = ScanQr {
            device: crate::params::DeviceId::parse("dev").unwrap(),
            force: false,
            encoding,
            timeout: std::time::Duration::from_secs(1),
        };
        let reply = Reply { status, content_type: content_type.map(str::to_string), retry_after: None, body };
        if let Err(e) = shape(&params, &reply) {
            prop_assert_eq!(e.kind, ErrorKind::ServiceError);
            prop_assert_eq!(e.http_status, Some(status));
        }
    }

    #[test]
    fn json_answers_of_any_shape_never_panic(v in json_value(), encoding in prop::sample::select(Encoding::ALL.to_vec())) {
        let params = ScanQr {
            device: crate::params::DeviceId::parse("dev").unwrap(),
            force: true,
            encoding,
            timeout: std::time::Duration::from_secs(1),
        };
        let reply = Reply { status: 200, content_type: Some("application/json".into()), retry_after: None, body: v.to_string().into_bytes() };
        if let Ok(out) = shape(&params, &reply) {
            prop_assert_eq!(&out.json["device"], "dev");
            prop_assert_eq!(&out.json["forced"], true);
        }
    }

    #[test]
    fn error_answers_of_any_status_keep_it(
        status in 300u16..600,
        message in ".{0,80}",
        retry in prop::option::of(".{0,12}"),
    ) {
        let body = serde_json::json!({"message": message}).to_string();
        let reply = Reply { status, content_type: Some("application/json".into()), retry_after: retry, body: body.into_bytes() };
        let e = status_error(&reply, Call::Scan { device: "d" });
        prop_assert_eq!(e.http_status, Some(status));
        prop_assert!(!e.message.is_empty());
    }

    #[test]
    fn credentials_of_any_text_never_panic(url in ".{0,60}") {
        let data = serde_json::json!({"baseUrl": url}).to_string();
        match Credentials::parse(&data) {
            Ok(c) => {
                let u = c.base_url.as_str();
                prop_assert!(u.starts_with("https://") || u.starts_with("http://"));
                prop_assert!(!u.contains(['?', '#', '@', ' ']));
            }
            Err(e) => prop_assert_eq!(e.kind, ErrorKind::MissingCredentials),
        }
        let _ = BaseUrl::parse(&url);
    }
}
