//! Each failure of the API reaches the user as its own kind.

use sparkbot_mock::Fault;
use workflow_node_host::bindings::ErrorKind;

use crate::support::{
    NEW, ONLINE, PENDING, assert_no_key_in_error, credentials_with, host, item, mock, node_error,
    run, scan,
};

#[tokio::test]
async fn a_wrong_key_is_refused_and_never_shown() {
    let api = mock();
    let wrong = "sk_e2e_DISTINCTIVE_KEY_wrong_123456789";
    let result = host()
        .execute(
            &credentials_with(&api, wrong),
            &[item(scan(PENDING, "svg"))],
            false,
        )
        .await;
    let err = node_error(result);
    assert_eq!(
        (err.kind, err.http_status, err.item_index),
        (ErrorKind::Authentication, Some(401), Some(0))
    );
    assert_no_key_in_error(&err);
    assert!(!err.message.contains(wrong));
    assert_eq!(api.requests()[0].token.as_deref(), Some(wrong));
}

#[tokio::test]
async fn an_unknown_device_is_not_found() {
    let api = mock();
    let err = node_error(
        run(
            &api,
            vec![item(scan("ffffffffffffffffffffffff", "svg"))],
            false,
        )
        .await,
    );
    assert_eq!(
        (err.kind, err.http_status),
        (ErrorKind::NotFound, Some(404))
    );
    assert!(
        err.message.contains("ffffffffffffffffffffffff") && err.message.contains("WhatsApp Number")
    );
}

#[tokio::test]
async fn an_online_number_without_force_is_a_conflict_error() {
    let api = mock();
    let err = node_error(run(&api, vec![item(scan(ONLINE, "svg"))], false).await);
    assert_eq!(
        (err.kind, err.http_status),
        (ErrorKind::Conflict, Some(409))
    );
    assert!(
        err.message
            .contains("Device is already authorized and online"),
        "{}",
        err.message
    );
    assert!(err.message.contains("Force New QR"));
}

#[tokio::test]
async fn a_rate_limit_carries_retry_after() {
    let api = mock();
    api.set_fault(
        PENDING,
        Fault::RateLimited {
            retry_after: Some(7),
        },
    );
    let err = node_error(run(&api, vec![item(scan(PENDING, "svg"))], false).await);
    assert_eq!(
        (err.kind, err.http_status, err.retry_after_seconds),
        (ErrorKind::RateLimited, Some(429), Some(7))
    );
    assert!(err.message.contains("Wait 7 s"));
    api.set_fault(PENDING, Fault::RateLimited { retry_after: None });
    let err = node_error(run(&api, vec![item(scan(PENDING, "svg"))], false).await);
    assert_eq!(
        (err.kind, err.retry_after_seconds),
        (ErrorKind::RateLimited, None)
    );
}

#[tokio::test]
async fn a_server_error_is_a_service_error() {
    let api = mock();
    api.set_fault(
        NEW,
        Fault::Status {
            status: 500,
            message: "Internal failure".into(),
        },
    );
    let err = node_error(run(&api, vec![item(scan(NEW, "svg"))], false).await);
    assert_eq!(
        (err.kind, err.http_status),
        (ErrorKind::ServiceError, Some(500))
    );
    assert!(err.message.contains("Retry later") && err.message.contains("Internal failure"));
}

#[tokio::test]
async fn a_garbled_answer_is_a_service_error_for_every_encoding() {
    let api = mock();
    api.set_fault(NEW, Fault::Garbled);
    for encoding in ["svg", "image", "base64", "base64_uri", "uri", "json"] {
        let err = node_error(run(&api, vec![item(scan(NEW, encoding))], false).await);
        assert_eq!(
            (err.kind, err.http_status),
            (ErrorKind::ServiceError, Some(200)),
            "{encoding}"
        );
        assert!(
            err.message.contains(encoding),
            "{encoding}: {}",
            err.message
        );
    }
}
