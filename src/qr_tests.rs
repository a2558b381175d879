use super::*;
use workflow_node_sdk::ErrorKind;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nrest-of-png";

fn params(encoding: Encoding) -> ScanQr {
    ScanQr {
        device: "dev/1".into(),
        force: true,
        encoding,
        timeout: Duration::from_secs(1),
    }
}

fn reply(content_type: Option<&str>, body: &[u8]) -> Reply {
    Reply {
        status: 200,
        content_type: content_type.map(str::to_string),
        retry_after: None,
        content_disposition: None,
        body: body.to_vec(),
    }
}

fn json_reply(body: &str) -> Reply {
    reply(Some("application/json"), body.as_bytes())
}

#[test]
fn svg_becomes_text_and_a_file() {
    let svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
    let out = shape(
        &params(Encoding::Svg),
        &reply(Some("image/svg+xml"), svg.as_bytes()),
    )
    .unwrap();
    assert_eq!(out.json["data"], svg);
    assert_eq!(out.json["device"], "dev/1");
    assert_eq!(out.json["encoding"], "svg");
    assert_eq!(out.json["forced"], true);
    assert_eq!(out.json["mimeType"], "image/svg+xml");
    assert_eq!(out.binary.len(), 1);
    let file = &out.binary[0];
    assert_eq!(
        (
            file.key.as_str(),
            file.file_name.as_deref().unwrap_or_default(),
            file.file_extension.as_deref().unwrap_or_default()
        ),
        ("qr", "qr-dev_1.svg", "svg")
    );
    assert_eq!(file.data, svg.as_bytes());
}

#[test]
fn image_is_a_png_file_only() {
    let out = shape(&params(Encoding::Image), &reply(Some("image/png"), PNG)).unwrap();
    assert!(out.json.get("data").is_none());
    assert_eq!(out.binary[0].data, PNG);
    assert_eq!(out.binary[0].mime_type, "image/png");
    assert_eq!(out.binary[0].file_name.as_deref(), Some("qr-dev_1.png"));
}

#[test]
fn base64_and_data_uri_are_decoded_into_the_file() {
    let b64 = STANDARD.encode(PNG);
    let out = shape(
        &params(Encoding::Base64),
        &json_reply(&format!(r#"{{"data":"{b64}"}}"#)),
    )
    .unwrap();
    assert_eq!(out.json["data"], b64.as_str());
    assert_eq!(out.binary[0].data, PNG);
    let uri = format!("data:image/png;base64,{b64}");
    let out = shape(
        &params(Encoding::Base64Uri),
        &json_reply(&format!(r#"{{"data":"{uri}"}}"#)),
    )
    .unwrap();
    assert_eq!(out.json["data"], uri.as_str());
    assert_eq!(out.binary[0].data, PNG);
}

#[test]
fn json_and_uri_pass_other_fields_through_without_overwriting() {
    let body = r#"{"data":"2@abc,def","expiresAt":"2026-11-26T10:00:00Z","device":"spoof","extra":{"n":1}}"#;
    for e in [Encoding::Json, Encoding::Uri] {
        let out = shape(&params(e), &json_reply(body)).unwrap();
        assert_eq!(out.json["data"], "2@abc,def");
        assert_eq!(out.json["expiresAt"], "2026-11-26T10:00:00Z");
        assert_eq!(out.json["extra"]["n"], 1);
        assert_eq!(out.json["device"], "dev/1");
        assert!(out.binary.is_empty());
    }
}

#[test]
fn unreadable_answers_are_service_errors() {
    let cases: Vec<(Encoding, Reply, &str)> = vec![
        (
            Encoding::Svg,
            reply(Some("image/svg+xml"), b"hello"),
            "not an SVG",
        ),
        (
            Encoding::Svg,
            reply(Some("image/svg+xml"), b"\xff\xfe<svg"),
            "not UTF-8",
        ),
        (
            Encoding::Image,
            reply(Some("image/png"), b"GIF89a"),
            "not a PNG",
        ),
        (
            Encoding::Json,
            reply(Some("application/json"), b"<html>"),
            "not valid JSON",
        ),
        (Encoding::Json, json_reply("[1]"), "not a JSON object"),
        (Encoding::Uri, json_reply("{}"), "no 'data' field"),
        (Encoding::Uri, json_reply(r#"{"data":5}"#), "not text"),
        (
            Encoding::Base64,
            json_reply(r#"{"data":"!!!notbase64"}"#),
            "invalid base64",
        ),
        (
            Encoding::Base64Uri,
            json_reply(r#"{"data":"iVBORw0KGgo="}"#),
            "data:",
        ),
        (
            Encoding::Base64,
            json_reply(r#"{"data":"aGVsbG8="}"#),
            "not a PNG",
        ),
        (Encoding::Json, reply(None, b""), "not valid JSON"),
    ];
    for (encoding, r, want) in cases {
        let err = shape(&params(encoding), &r).expect_err(want);
        assert_eq!(err.kind, ErrorKind::ServiceError);
        assert_eq!(err.http_status, Some(200));
        assert!(err.message.contains(want), "{want}: {}", err.message);
    }
}

#[test]
fn a_missing_content_type_is_sniffed() {
    let out = shape(&params(Encoding::Json), &reply(None, br#" {"data":"x"}"#)).unwrap();
    assert_eq!(out.json["data"], "x");
    let out = shape(&params(Encoding::Svg), &reply(None, b"<svg></svg>")).unwrap();
    assert_eq!(out.json["data"], "<svg></svg>");
}

#[test]
fn the_shaping_knows_every_encoding_of_the_catalog_in_its_order() {
    let values: Vec<&str> = Encoding::ALL.iter().map(|e| e.as_str()).collect();
    let catalog: Vec<&str> = ENCODINGS.iter().map(|c| c.value).collect();
    assert_eq!(values, catalog);
    let distinct: std::collections::BTreeSet<&str> = values.iter().copied().collect();
    assert_eq!(distinct.len(), values.len());
}
