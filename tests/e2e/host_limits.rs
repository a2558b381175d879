//! The host's guarantees: one origin, a deadline, a memory cap, and a fresh
//! instance per call so one failure does not poison the next.

use std::time::Duration;

use sparkbot_mock::Fault;
use workflow_node_host::bindings::ErrorKind;
use workflow_node_host::{HostConfig, HostError};

use crate::support::{NEW, PENDING, host_with, item, mock, node_error, run_on, scan};

#[tokio::test]
async fn a_credential_outside_the_allow_list_is_denied_and_nothing_is_sent() {
    let allowed = mock();
    let other = mock();
    let host = host_with(HostConfig {
        allowed_origins: Some(vec![format!("http://{}", allowed.addr())]),
        ..HostConfig::default()
    });
    let err = node_error(run_on(&host, &other, vec![item(scan(PENDING, "svg"))], false).await);
    assert_eq!(err.kind, ErrorKind::DeniedByHost);
    assert!(
        err.message.contains(&other.addr().to_string()),
        "{}",
        err.message
    );
    assert!(other.requests().is_empty());
    // The allowed origin still works on the same host.
    assert!(
        run_on(&host, &allowed, vec![item(scan(PENDING, "svg"))], false)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn the_deadline_stops_a_hung_call_and_the_host_serves_the_next() {
    let api = mock();
    api.set_fault(NEW, Fault::Slow(Duration::from_secs(30)));
    let host = host_with(HostConfig {
        call_deadline: Some(Duration::from_millis(500)),
        ..HostConfig::default()
    });
    let started = std::time::Instant::now();
    let result = run_on(&host, &api, vec![item(scan(NEW, "svg"))], false).await;
    let took = started.elapsed();
    // The node bounds its request by the deadline it is told and ends
    // cleanly with a timeout; had it not, the host would have stopped it.
    let clean_timeout = matches!(&result, Err(HostError::Node(e)) if e.kind == ErrorKind::Timeout);
    let stopped = matches!(result, Err(HostError::Deadline(d)) if d == Duration::from_millis(500));
    assert!(clean_timeout || stopped, "{result:?}");
    assert!(
        took < Duration::from_millis(700),
        "the call ended after {took:?}"
    );
    let next = run_on(&host, &api, vec![item(scan(PENDING, "svg"))], false)
        .await
        .unwrap();
    assert!(next[0].error.is_none());
}

#[tokio::test]
async fn the_request_timeout_is_a_timeout_error_of_the_item() {
    let api = mock();
    api.set_fault(NEW, Fault::Slow(Duration::from_secs(30)));
    let host = host_with(HostConfig {
        request_timeout: Duration::from_millis(300),
        ..HostConfig::default()
    });
    let out = run_on(
        &host,
        &api,
        vec![item(scan(NEW, "svg")), item(scan(PENDING, "svg"))],
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        out[0].error.as_ref().map(|e| e.kind),
        Some(ErrorKind::Timeout)
    );
    assert!(out[1].error.is_none());
}

#[tokio::test]
async fn the_memory_cap_holds_and_the_next_call_is_clean() {
    let api = mock();
    api.set_fault(
        NEW,
        Fault::Huge {
            bytes: 3 * 1024 * 1024,
        },
    );
    // Under a roomy cap, 3 MiB is read (below the node's 4 MiB body cap) and refused as no SVG.
    let roomy = host_with(HostConfig::default());
    let err = node_error(run_on(&roomy, &api, vec![item(scan(NEW, "svg"))], false).await);
    assert_eq!(err.kind, ErrorKind::ServiceError);
    // Under a 2 MiB cap the same answer cannot fit: the call ends cleanly.
    let tight = host_with(HostConfig {
        memory_limit: 2 * 1024 * 1024,
        ..HostConfig::default()
    });
    let result = run_on(&tight, &api, vec![item(scan(NEW, "svg"))], false).await;
    assert!(
        matches!(result, Err(HostError::MemoryLimit(_))),
        "{result:?}"
    );
    // A fresh instance: the next call on the same host succeeds.
    let next = run_on(&tight, &api, vec![item(scan(PENDING, "svg"))], false)
        .await
        .unwrap();
    assert!(next[0].error.is_none());
}
