//! The API or the network misbehaving: each fault is a typed error of the
//! right kind, memory stays bounded, and the host serves the next call.

use std::time::{Duration, Instant};

use serde_json::json;
use sparkbot_mock::{Fault, MockApi};
use workflow_node_host::bindings::{ErrorKind, OutputItem};
use workflow_node_host::{HostConfig, HostError, NodeHost};

use crate::support::{
    KEY, NEW, PENDING, assert_no_key_in_items, credentials, credentials_at, host, host_with, item,
    mock, node_error, run, run_on, scan,
};

/// Scans NEW with `encoding` under `fault`, then PENDING, in one batch with
/// continue-on-fail; returns both items.
async fn faulty(host: &NodeHost, api: &MockApi, fault: Fault, encoding: &str) -> Vec<OutputItem> {
    api.set_fault(NEW, fault);
    let items = vec![item(scan(NEW, encoding)), item(scan(PENDING, "uri"))];
    let out = run_on(host, api, items, true)
        .await
        .expect("continue-on-fail");
    assert_eq!(out.len(), 2);
    assert!(
        out[1].error.is_none(),
        "the next item must still go through"
    );
    assert_no_key_in_items(&out);
    out
}

fn kind(o: &OutputItem) -> Option<ErrorKind> {
    o.error.as_ref().map(|e| e.kind)
}

fn message(o: &OutputItem) -> String {
    o.error
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn unreadable_bodies_are_service_errors() {
    let api = mock();
    let cases: Vec<(Fault, &str, &str)> = vec![
        (Fault::Garbled, "json", "not valid JSON"),
        (Fault::Garbled, "svg", "not UTF-8"),
        (Fault::Garbled, "image", "not a PNG"),
        (Fault::WrongShape, "uri", "no 'data' field"),
        (Fault::BadBase64, "base64", "invalid base64"),
        (Fault::BadBase64, "base64_uri", "data:"),
        (Fault::Html, "json", "not valid JSON"),
        (Fault::Html, "svg", "not an SVG"),
        (Fault::Empty, "base64", "not valid JSON"),
        // An empty body labelled JSON is read as JSON, whatever was asked.
        (Fault::Empty, "svg", "not valid JSON"),
    ];
    for (fault, encoding, wanted) in cases {
        let out = faulty(host(), &api, fault.clone(), encoding).await;
        assert_eq!(
            kind(&out[0]),
            Some(ErrorKind::ServiceError),
            "{fault:?} {encoding}"
        );
        assert!(
            message(&out[0]).contains(wanted),
            "{fault:?} {encoding}: {}",
            message(&out[0])
        );
    }
}

#[tokio::test]
async fn a_missing_content_type_is_sniffed_not_refused() {
    let api = mock();
    for encoding in ["svg", "image", "json", "base64"] {
        let out = faulty(host(), &api, Fault::NoContentType, encoding).await;
        assert!(out[0].error.is_none(), "{encoding}: {}", message(&out[0]));
    }
}

#[tokio::test]
async fn a_redirect_is_never_followed() {
    let api = mock();
    let elsewhere = mock();
    let target = format!("{}/devices/{PENDING}/scan", elsewhere.base_url());
    let out = faulty(host(), &api, Fault::Redirect { location: target }, "svg").await;
    assert_eq!(kind(&out[0]), Some(ErrorKind::ServiceError));
    assert_eq!(out[0].error.as_ref().and_then(|e| e.http_status), Some(302));
    assert!(
        elsewhere.requests().is_empty(),
        "the other server saw a request"
    );
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_with_memory_bounded() {
    let api = mock();
    api.set_fault(
        NEW,
        Fault::Huge {
            bytes: 32 * 1024 * 1024,
        },
    );
    let (out, stats) = host()
        .execute_with_stats(&credentials(&api), &[item(scan(NEW, "svg"))], true)
        .await
        .expect("continue-on-fail");
    assert_eq!(kind(&out[0]), Some(ErrorKind::ServiceError));
    assert!(
        message(&out[0]).contains("larger than 4 MiB"),
        "{}",
        message(&out[0])
    );
    assert!(
        stats.peak_memory < 16 * 1024 * 1024,
        "peak memory {} bytes",
        stats.peak_memory
    );
}

#[tokio::test]
async fn a_trickling_body_hits_the_node_timeout() {
    let api = mock();
    api.set_fault(NEW, Fault::Trickle { ms: 20 });
    let mut parameters = scan(NEW, "svg");
    parameters["options"] = json!({"timeout": 500});
    let out = run(
        &api,
        vec![item(parameters), item(scan(PENDING, "uri"))],
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        kind(&out[0]),
        Some(ErrorKind::Timeout),
        "{}",
        message(&out[0])
    );
    assert!(message(&out[0]).contains("500 ms"));
    assert!(out[1].error.is_none());
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_network_error() {
    let api = mock();
    let out = faulty(host(), &api, Fault::ResetMidBody, "svg").await;
    assert_eq!(
        kind(&out[0]),
        Some(ErrorKind::Network),
        "{}",
        message(&out[0])
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let credentials = credentials_at(&format!("http://{addr}/v1"), KEY);
    let err = node_error(host().load_options("getDevices", &credentials, "{}").await);
    assert_eq!(err.kind, ErrorKind::Network);
    assert!(err.message.contains(&addr.to_string()), "{}", err.message);
}

/// A server that accepts connections and never answers.
fn black_hole() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    (listener, url)
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout() {
    let (_hole, url) = black_hole();
    let host = host_with(HostConfig {
        request_timeout: Duration::from_millis(300),
        ..HostConfig::default()
    });
    let err = node_error(
        host.load_options("getDevices", &credentials_at(&url, KEY), "{}")
            .await,
    );
    assert_eq!(err.kind, ErrorKind::Timeout, "{}", err.message);
}

#[tokio::test]
async fn a_hung_call_ends_within_the_deadline_plus_ten_percent() {
    let (_hole, url) = black_hole();
    let deadline = Duration::from_secs(2);
    let host = host_with(HostConfig {
        call_deadline: Some(deadline),
        ..HostConfig::default()
    });
    let started = Instant::now();
    let result = host
        .load_options("getDevices", &credentials_at(&url, KEY), "{}")
        .await;
    let took = started.elapsed();
    assert!(
        matches!(result, Err(HostError::Deadline(d)) if d == deadline),
        "{:?}",
        result.map(|o| o.len())
    );
    assert!(
        took >= deadline && took <= deadline.mul_f64(1.1),
        "took {took:?}"
    );
    // The same host serves the next call.
    let api = mock();
    assert_eq!(
        host.load_options("getDevices", &credentials(&api), "{}")
            .await
            .map(|o| o.len())
            .ok(),
        Some(4)
    );
}
