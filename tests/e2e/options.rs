//! load-options: the WhatsApp Number dropdown.

use serde_json::Value;
use workflow_node_host::bindings::ErrorKind;

use crate::support::{
    KEY, assert_no_key_in_error, credentials, credentials_with, host, mock, node_error,
};

#[tokio::test]
async fn get_devices_lists_every_number_of_the_account() {
    let api = mock();
    let options = host()
        .load_options("getDevices", &credentials(&api), "{}")
        .await
        .unwrap();
    let devices = api.devices();
    assert_eq!(options.len(), devices.len());
    for (option, device) in options.iter().zip(&devices) {
        let value: Value = serde_json::from_str(&option.value).unwrap();
        assert_eq!(value, Value::String(device.id.clone()));
        let name = match (&device.alias, &device.phone) {
            (Some(a), Some(p)) => format!("{a} ({p})"),
            (Some(a), None) => a.clone(),
            (None, Some(p)) => p.clone(),
            (None, None) => device.id.clone(),
        };
        assert_eq!(option.name, name);
        assert_eq!(
            option.description.as_deref(),
            Some(format!("Session: {}", device.session).as_str())
        );
    }
    let requests = api.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "/v1/devices");
    assert_eq!(requests[0].token.as_deref(), Some(KEY));
}

#[tokio::test]
async fn a_wrong_key_is_an_authentication_error_without_the_key() {
    let api = mock();
    let wrong = "sk_e2e_DISTINCTIVE_KEY_but_wrong_000000";
    let err = node_error(
        host()
            .load_options("getDevices", &credentials_with(&api, wrong), "{}")
            .await,
    );
    assert_eq!(err.kind, ErrorKind::Authentication);
    assert_eq!(err.http_status, Some(401));
    assert!(err.message.contains("API key"), "{}", err.message);
    assert_no_key_in_error(&err);
    assert!(!err.message.contains(wrong));
}

#[tokio::test]
async fn an_unknown_method_is_refused_without_a_request() {
    let api = mock();
    let err = node_error(
        host()
            .load_options("getChats", &credentials(&api), "{}")
            .await,
    );
    assert_eq!(err.kind, ErrorKind::InvalidParameter);
    assert!(
        err.message.contains("getChats") && err.message.contains("getDevices"),
        "{}",
        err.message
    );
    assert!(api.requests().is_empty());
}
