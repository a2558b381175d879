//! Scan QR in each encoding, decoded back to the payload the API issued.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use workflow_node_host::bindings::OutputItem;

use crate::support::{
    KEY, ONLINE, PENDING, decode_png, decode_svg, item, json_of, mock, run, scan,
};

async fn scan_one(api: &sparkbot_mock::MockApi, device: &str, encoding: &str) -> OutputItem {
    let mut out = run(api, vec![item(scan(device, encoding))], false)
        .await
        .unwrap();
    assert_eq!(out.len(), 1);
    out.remove(0)
}

fn qr_file(out: &OutputItem, mime: &str, extension: &str) -> Vec<u8> {
    assert_eq!(out.binary.len(), 1);
    let file = &out.binary[0];
    assert_eq!(file.key, "qr");
    assert_eq!(file.mime_type, mime);
    assert_eq!(file.file_extension.as_deref(), Some(extension));
    assert_eq!(
        file.file_name.as_deref(),
        Some(format!("qr-{PENDING}.{extension}").as_str())
    );
    file.data.clone()
}

#[tokio::test]
async fn svg_is_text_and_a_file_that_decode_to_the_payload() {
    let api = mock();
    let out = scan_one(&api, PENDING, "svg").await;
    let payload = api.device(PENDING).unwrap().payload();
    let json = json_of(&out);
    assert_eq!(json["device"], PENDING);
    assert_eq!(
        (json["encoding"].as_str(), json["forced"].as_bool()),
        (Some("svg"), Some(false))
    );
    assert_eq!(json["mimeType"], "image/svg+xml");
    let file = qr_file(&out, "image/svg+xml", "svg");
    assert_eq!(json["data"].as_str().unwrap().as_bytes(), file.as_slice());
    assert_eq!(decode_svg(&file), payload);
    assert_eq!(out.paired_item, 0);
    assert!(out.error.is_none());
}

#[tokio::test]
async fn image_is_a_png_file_that_decodes_to_the_payload() {
    let api = mock();
    let out = scan_one(&api, PENDING, "image").await;
    let json = json_of(&out);
    assert_eq!(json["mimeType"], "image/png");
    assert!(json.get("data").is_none());
    assert_eq!(
        decode_png(&qr_file(&out, "image/png", "png")),
        api.device(PENDING).unwrap().payload()
    );
}

#[tokio::test]
async fn base64_text_and_its_decoded_file_hold_the_payload() {
    let api = mock();
    let out = scan_one(&api, PENDING, "base64").await;
    let json = json_of(&out);
    let file = qr_file(&out, "image/png", "png");
    assert_eq!(
        STANDARD.decode(json["data"].as_str().unwrap()).unwrap(),
        file
    );
    assert_eq!(decode_png(&file), api.device(PENDING).unwrap().payload());
}

#[tokio::test]
async fn base64_uri_text_and_its_decoded_file_hold_the_payload() {
    let api = mock();
    let out = scan_one(&api, PENDING, "base64_uri").await;
    let json = json_of(&out);
    let uri = json["data"].as_str().unwrap();
    let b64 = uri
        .strip_prefix("data:image/png;base64,")
        .expect("a PNG data URI");
    let file = qr_file(&out, "image/png", "png");
    assert_eq!(STANDARD.decode(b64).unwrap(), file);
    assert_eq!(decode_png(&file), api.device(PENDING).unwrap().payload());
}

#[tokio::test]
async fn uri_is_the_raw_payload() {
    let api = mock();
    let out = scan_one(&api, PENDING, "uri").await;
    assert_eq!(
        json_of(&out)["data"],
        api.device(PENDING).unwrap().payload()
    );
    assert!(out.binary.is_empty());
}

#[tokio::test]
async fn json_is_the_payload_with_its_expiry_passed_through() {
    let api = mock();
    let out = scan_one(&api, PENDING, "json").await;
    let json = json_of(&out);
    assert_eq!(json["data"], api.device(PENDING).unwrap().payload());
    assert!(json["expiresAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(json["ttl"], 60);
    assert!(out.binary.is_empty());
}

#[tokio::test]
async fn the_request_carries_the_token_force_and_encoding() {
    let api = mock();
    scan_one(&api, PENDING, "uri").await;
    let requests = api.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].target,
        format!("/v1/devices/{PENDING}/scan?force=false&encoding=uri")
    );
    assert_eq!(requests[0].token.as_deref(), Some(KEY));
}

#[tokio::test]
async fn force_issues_a_new_payload_even_for_an_online_number() {
    let api = mock();
    let before = api.device(ONLINE).unwrap().payload();
    let mut parameters = scan(ONLINE, "image");
    parameters["force"] = json!(true);
    let out = run(&api, vec![item(parameters.clone())], false)
        .await
        .unwrap();
    let first = decode_png(&out[0].binary[0].data);
    assert_ne!(first, before);
    assert_eq!(first, api.device(ONLINE).unwrap().payload());
    assert_eq!(json_of(&out[0])["forced"], true);
    let again = run(&api, vec![item(parameters)], false).await.unwrap();
    let second = decode_png(&again[0].binary[0].data);
    assert_ne!(second, first);
    assert!(
        api.requests()
            .iter()
            .all(|r| r.target.contains("force=true"))
    );
}
