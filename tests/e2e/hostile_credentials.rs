//! Hostile credentials: refused before any request, or normalised.

use serde_json::{Value, json};
use workflow_node_host::HostError;
use workflow_node_host::bindings::{Credentials, ErrorKind};

use crate::support::{KEY, assert_no_key_in_error, host, mock};

async fn get_devices(data: Value) -> Result<usize, workflow_node_host::bindings::NodeError> {
    let credentials = Credentials {
        name: "sparkBotApi".into(),
        data: data.to_string(),
    };
    match host().load_options("getDevices", &credentials, "{}").await {
        Ok(options) => Ok(options.len()),
        Err(HostError::Node(e)) => Err(e),
        Err(other) => panic!("host failure: {other}"),
    }
}

#[tokio::test]
async fn bad_keys_are_refused_before_any_request() {
    let api = mock();
    let url = api.base_url();
    for key in [
        json!(null),
        json!(""),
        json!("   "),
        json!("key with spaces"),
        json!("key\r\nX-Injected: yes"),
        json!("key\nmore"),
        json!(42),
    ] {
        let mut data = json!({ "baseUrl": url });
        if !key.is_null() {
            data["apiKey"] = key.clone();
        }
        let err = get_devices(data).await.expect_err(&key.to_string());
        assert_eq!(err.kind, ErrorKind::MissingCredentials, "{key}");
        // The host checks the key, naming the field as the credential form does.
        assert!(err.message.contains("API Key"), "{key}: {}", err.message);
    }
    assert!(api.requests().is_empty(), "a bad key must never be sent");
}

#[tokio::test]
async fn a_key_with_surrounding_spaces_is_trimmed() {
    let api = mock();
    assert_eq!(
        get_devices(json!({"baseUrl": api.base_url(), "apiKey": format!("  {KEY}\n")}))
            .await
            .ok(),
        Some(4)
    );
    assert_eq!(api.requests()[0].token.as_deref(), Some(KEY));
}

#[tokio::test]
async fn bad_base_urls_are_refused_before_any_request() {
    let api = mock();
    let addr = api.addr();
    for url in [
        "not a url".to_string(),
        "/v1".into(),
        "127.0.0.1/v1".into(),
        format!("ftp://{addr}/v1"),
        format!("http://user:pass@{addr}/v1"),
        format!("http://{addr}/v1?x=1"),
        format!("http://{addr}/v1#frag"),
        "http://example.com/v1".into(),
        "http://10.1.2.3/v1".into(),
    ] {
        let err = get_devices(json!({"baseUrl": url, "apiKey": KEY}))
            .await
            .expect_err(&url);
        assert_eq!(err.kind, ErrorKind::MissingCredentials, "{url}");
        assert!(
            err.message.starts_with("The Base URL"),
            "{url}: {}",
            err.message
        );
        assert_no_key_in_error(&err);
    }
    assert!(api.requests().is_empty());
}

#[tokio::test]
async fn base_urls_are_normalised() {
    let api = mock();
    let addr = api.addr();
    assert_eq!(
        get_devices(json!({"baseUrl": format!("http://{addr}/v1/"), "apiKey": KEY}))
            .await
            .ok(),
        Some(4)
    );
    assert_eq!(
        get_devices(
            json!({"baseUrl": format!(" http://localhost:{}/v1 ", addr.port()), "apiKey": KEY})
        )
        .await
        .ok(),
        Some(4)
    );
    // Without the /v1 prefix the API has no /devices: a not-found that names the Base URL.
    let err = get_devices(json!({"baseUrl": format!("http://{addr}"), "apiKey": KEY}))
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind, err.http_status),
        (ErrorKind::NotFound, Some(404))
    );
    assert!(err.message.contains("Base URL"));
    let targets: Vec<String> = api.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/v1/devices", "/v1/devices", "/devices"]);
}

#[tokio::test]
async fn another_credential_type_is_refused() {
    let api = mock();
    let credentials = Credentials {
        name: "httpBasicAuth".into(),
        data: json!({"baseUrl": api.base_url(), "apiKey": KEY}).to_string(),
    };
    match host().load_options("getDevices", &credentials, "{}").await {
        Err(HostError::Node(e)) => {
            assert_eq!(e.kind, ErrorKind::MissingCredentials);
            assert!(e.message.contains("sparkBotApi"));
        }
        other => panic!("expected a node error, got {:?}", other.map(|o| o.len())),
    }
    assert!(api.requests().is_empty());
}

#[tokio::test]
async fn with_continue_on_fail_a_bad_key_fails_every_item_and_sends_nothing() {
    let api = mock();
    let credentials = Credentials {
        name: "sparkBotApi".into(),
        data: json!({"baseUrl": api.base_url(), "apiKey": "bad key"}).to_string(),
    };
    let items = vec![
        crate::support::item(crate::support::scan(crate::support::PENDING, "svg")),
        crate::support::item(crate::support::scan(crate::support::NEW, "svg")),
    ];
    let out = host().execute(&credentials, &items, true).await.unwrap();
    assert_eq!(out.len(), 2);
    for (i, item) in out.iter().enumerate() {
        let error = item.error.as_ref().expect("an error item");
        assert_eq!(
            (error.kind, error.item_index, item.paired_item),
            (ErrorKind::MissingCredentials, Some(i as u32), i as u32)
        );
        assert!(!error.message.contains("bad key"), "{}", error.message);
    }
    assert!(api.requests().is_empty());
}
