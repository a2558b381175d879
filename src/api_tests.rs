use super::*;

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        content_type: Some("application/json".into()),
        retry_after: None,
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn segments_are_percent_encoded_so_no_id_changes_path_or_query() {
    let base = "http://127.0.0.1:1/v1";
    assert_eq!(
        url(
            base,
            &["devices", "61b37a069cba0c15d6c81e7b", "scan"],
            &[("force", "false"), ("encoding", "svg")]
        ),
        "http://127.0.0.1:1/v1/devices/61b37a069cba0c15d6c81e7b/scan?force=false&encoding=svg"
    );
    for (id, encoded) in [
        ("../x", "%2E%2E%2Fx"),
        ("a/b", "a%2Fb"),
        ("x?force=true#f", "x%3Fforce%3Dtrue%23f"),
        ("100%", "100%25"),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("\"'", "%22%27"),
        ("ü", "%C3%BC"),
        ("a\r\nb", "a%0D%0Ab"),
        ("A-z_0~9", "A-z_0~9"),
    ] {
        let u = url(base, &["devices", id, "scan"], &[]);
        assert_eq!(u, format!("{base}/devices/{encoded}/scan"), "{id:?}");
    }
}

#[test]
fn statuses_map_to_kinds_by_the_api_table() {
    let scan = Call::Scan { device: "dev1" };
    for (status, kind) in [
        (400, ErrorKind::InvalidParameter),
        (401, ErrorKind::Authentication),
        (403, ErrorKind::Authentication),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::SessionState),
        (412, ErrorKind::SessionState),
        (422, ErrorKind::SessionState),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::ServiceError),
        (503, ErrorKind::ServiceError),
        (302, ErrorKind::ServiceError),
        (418, ErrorKind::ServiceError),
    ] {
        let err = status_error(&reply(status, r#"{"message":"nope"}"#), scan);
        assert_eq!(err.kind, kind, "{status}");
        assert_eq!(err.http_status, Some(status));
    }
}

#[test]
fn the_api_message_is_kept() {
    let body = r#"{"status":409,"message":"Device is busy","errorCode":"busy"}"#;
    let err = status_error(&reply(409, body), Call::Scan { device: "d" });
    assert!(
        err.message.contains("The API said: Device is busy"),
        "{}",
        err.message
    );
    assert!(err.message.contains("Force New QR"));
}

#[test]
fn not_found_names_the_device_or_the_base_url() {
    let err = status_error(&reply(404, "{}"), Call::Scan { device: "abc" });
    assert!(err.message.contains("'abc'"));
    let err = status_error(&reply(404, "{}"), Call::ListDevices);
    assert!(err.message.contains("Base URL"));
}

#[test]
fn retry_after_is_carried_when_numeric() {
    let mut r = reply(429, "{}");
    r.retry_after = Some(" 17 ".into());
    let err = status_error(&r, Call::ListDevices);
    assert_eq!(err.retry_after_seconds, Some(17));
    assert!(err.message.contains("Wait 17 s"));
    r.retry_after = Some("Wed, 21 Oct 2026 07:28:00 GMT".into());
    assert_eq!(
        status_error(&r, Call::ListDevices).retry_after_seconds,
        None
    );
    r.retry_after = None;
    assert_eq!(
        status_error(&r, Call::ListDevices).retry_after_seconds,
        None
    );
}

#[test]
fn html_error_pages_are_described_not_echoed() {
    let mut r = reply(502, "<html><body>Bad gateway</body></html>");
    r.content_type = Some("text/html".into());
    let err = status_error(&r, Call::ListDevices);
    assert!(!err.message.contains("<html>"));
    assert!(err.description.unwrap().contains("text/html"));
}

#[test]
fn transport_errors_map_to_kinds() {
    let origin = || "http://127.0.0.1:9".to_string();
    assert_eq!(
        transport_error(Some(&ErrorCode::HttpRequestDenied), origin()).kind,
        ErrorKind::DeniedByHost
    );
    assert_eq!(
        transport_error(Some(&ErrorCode::ConnectionRefused), origin()).kind,
        ErrorKind::Network
    );
    assert_eq!(
        transport_error(Some(&ErrorCode::ConnectionReadTimeout), origin()).kind,
        ErrorKind::Timeout
    );
    assert_eq!(transport_error(None, origin()).kind, ErrorKind::Internal);
    let other = transport_error(Some(&ErrorCode::HttpProtocolError), origin());
    assert!(
        other.message.contains("HttpProtocolError"),
        "{}",
        other.message
    );
}

#[test]
fn media_type_drops_parameters() {
    assert_eq!(media_type("Image/SVG+XML; charset=utf-8"), "image/svg+xml");
}

#[test]
fn api_messages_are_quoted_whole_or_not_at_all() {
    let secret = "sk_'quote'\\0123456789";
    let long = format!(
        "{}{secret}",
        "x".repeat(MAX_API_MESSAGE_CHARS - secret.len())
    );
    let body = serde_json::json!({ "message": format!("line\none {long}") }).to_string();
    let err = status_error(&reply(500, &body), Call::ListDevices);
    assert!(!err.message.contains("sk_"), "too long: not quoted");
    assert!(err.description.is_some());
    let body = serde_json::json!({ "message": format!("line\none {secret}") }).to_string();
    let err = status_error(&reply(500, &body), Call::ListDevices);
    assert!(
        err.message.contains(&format!("line one {secret}")),
        "{}",
        err.message
    );
}
