use super::*;

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        content_type: Some("application/json".into()),
        retry_after: None,
        content_disposition: None,
        body: body.as_bytes().to_vec(),
    }
}

const API: &str = "Example API";

fn request(segments: &[&str], query: &[(&str, &str)]) -> Request {
    let mut r = Request::new(Method::Get, segments, Duration::from_secs(1));
    r.query = query
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    r
}

#[test]
fn segments_are_percent_encoded_so_no_value_changes_path_or_query() {
    assert_eq!(
        request(
            &["devices", "61b37a069cba0c15d6c81e7b", "scan"],
            &[("force", "false"), ("encoding", "svg")]
        )
        .path_and_query("/v1"),
        "/v1/devices/61b37a069cba0c15d6c81e7b/scan?force=false&encoding=svg"
    );
    assert_eq!(request(&[], &[]).path_and_query(""), "/");
    assert_eq!(
        request(&["x"], &[("a b", "c&d")]).path_and_query(""),
        "/x?a%20b=c%26d"
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
        let path = request(&["devices", id, "scan"], &[]).path_and_query("/v1");
        assert_eq!(path, format!("/v1/devices/{encoded}/scan"), "{id:?}");
    }
}

#[test]
fn statuses_map_to_kinds_by_the_api_table() {
    for (status, kind) in [
        (400, ErrorKind::InvalidParameter),
        (401, ErrorKind::Authentication),
        (403, ErrorKind::Authentication),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (412, ErrorKind::Conflict),
        (422, ErrorKind::Conflict),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::ServiceError),
        (503, ErrorKind::ServiceError),
        (302, ErrorKind::ServiceError),
        (418, ErrorKind::ServiceError),
    ] {
        let err = status_error(
            &reply(status, r#"{"message":"nope"}"#),
            API,
            &Hints::default(),
        );
        assert_eq!(err.kind, kind, "{status}");
        assert_eq!(err.http_status, Some(status));
    }
}

#[test]
fn the_api_message_and_the_hints_are_kept() {
    let body = r#"{"status":409,"message":"Device is busy","errorCode":"busy"}"#;
    let hints = Hints {
        not_found: Some(("No thing 'abc' here".into(), "Check it.".into())),
        conflict: Some("Turn on Force.".into()),
    };
    let err = status_error(&reply(409, body), API, &hints);
    assert!(
        err.message.contains("The API said: Device is busy"),
        "{}",
        err.message
    );
    assert!(err.message.ends_with("Turn on Force."), "{}", err.message);
    let err = status_error(&reply(404, "{}"), API, &hints);
    assert_eq!(err.message, "No thing 'abc' here (404). Check it.");
    let err = status_error(&reply(404, "{}"), API, &Hints::default());
    assert!(err.message.contains("Base URL"), "{}", err.message);
}

#[test]
fn retry_after_is_carried_when_numeric() {
    let mut r = reply(429, "{}");
    r.retry_after = Some(" 17 ".into());
    let err = status_error(&r, API, &Hints::default());
    assert_eq!(err.retry_after_seconds, Some(17));
    assert!(err.message.contains("Wait 17 s"));
    r.retry_after = Some("Wed, 21 Oct 2026 07:28:00 GMT".into());
    assert_eq!(
        status_error(&r, API, &Hints::default()).retry_after_seconds,
        None
    );
    r.retry_after = None;
    assert_eq!(
        status_error(&r, API, &Hints::default()).retry_after_seconds,
        None
    );
}

#[test]
fn html_error_pages_are_described_not_echoed() {
    let mut r = reply(502, "<html><body>Bad gateway</body></html>");
    r.content_type = Some("text/html".into());
    let err = status_error(&r, API, &Hints::default());
    assert!(!err.message.contains("<html>"));
    assert!(err.description.unwrap().contains("text/html"));
}

#[test]
fn transport_errors_map_to_kinds() {
    let origin = "http://127.0.0.1:9";
    assert_eq!(
        transport_error(Some(&ErrorCode::HttpRequestDenied), origin, API).kind,
        ErrorKind::DeniedByHost
    );
    assert_eq!(
        transport_error(Some(&ErrorCode::ConnectionRefused), origin, API).kind,
        ErrorKind::Network
    );
    assert_eq!(
        transport_error(Some(&ErrorCode::ConnectionReadTimeout), origin, API).kind,
        ErrorKind::Timeout
    );
    assert_eq!(transport_error(None, origin, API).kind, ErrorKind::Internal);
    let other = transport_error(Some(&ErrorCode::HttpProtocolError), origin, API);
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
    let err = status_error(&reply(500, &body), API, &Hints::default());
    assert!(!err.message.contains("sk_"), "too long: not quoted");
    assert!(err.description.is_some());
    let body = serde_json::json!({ "message": format!("line\none {secret}") }).to_string();
    let err = status_error(&reply(500, &body), API, &Hints::default());
    assert!(
        err.message.contains(&format!("line one {secret}")),
        "{}",
        err.message
    );
}
