//! A second node of the contract, Echo Node (`tests/fixtures/echo-node`,
//! world `workflow:node/http-node`), in the same host with no change to host
//! code: the host learns from its description alone that `url` is the base
//! URL and that `token` goes on requests as `Authorization: Bearer <token>`.
//!
//! Echo Node GETs `{url}{path}` with a forged `Authorization` of its own and
//! returns what it got: the answer, the credential data and its deadline. Its
//! peer here is a tiny server that records each request's head and answers
//! with the `Authorization` value it received, so redaction is exercised.

use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use workflow_node_host::bindings::{Credentials, ErrorKind, InputItem, OutputItem};
use workflow_node_host::{HostConfig, NodeHost};

use crate::support::node_error;

/// A token with characters JSON escapes (`"` and `\`), so an escaped copy
/// in the output would be a leak too.
const TOKEN: &str = "tok_0123456789_SECRET\"\\x";

/// A part of [`TOKEN`] no escaping changes: found in any form of a leak.
const TOKEN_CORE: &str = "0123456789_SECRET";

/// Echo Node, compiled once for the test binary, from beside the SparkBot
/// component.
fn host() -> &'static NodeHost {
    static HOST: OnceLock<NodeHost> = OnceLock::new();
    HOST.get_or_init(|| {
        let path = host_test::default_component_path().with_file_name("echo_node.wasm");
        NodeHost::from_file(&path, HostConfig::default()).unwrap_or_else(|e| {
            panic!(
                "{e}\nBuild it first: cargo build --release --target wasm32-wasip2 -p echo-node (looked at {})",
                path.display()
            )
        })
    })
}

/// A one-request-per-connection HTTP server on loopback that records each
/// request's head and answers 200 with the `Authorization` value(s) it got.
/// How long the server takes to answer a path under `/slow`.
const SLOW: std::time::Duration = std::time::Duration::from_millis(300);

struct EchoServer {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl EchoServer {
    async fn start() -> EchoServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&heads);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let recorded = Arc::clone(&recorded);
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
                        match stream.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    if head.starts_with("GET /slow") {
                        tokio::time::sleep(SLOW).await;
                    }
                    let body = header_values(&head, "authorization").join("\n");
                    recorded.lock().expect("not poisoned").push(head);
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(answer.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        EchoServer { url, heads }
    }

    /// The heads of the requests received so far.
    fn heads(&self) -> Vec<String> {
        self.heads.lock().expect("not poisoned").clone()
    }
}

/// The values of header `name` (any case) in a request head.
fn header_values(head: &str, name: &str) -> Vec<String> {
    head.split("\r\n")
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().to_string())
        .collect()
}

fn credentials(data: Value) -> Credentials {
    Credentials {
        name: "echoApi".into(),
        data: data.to_string(),
    }
}

fn item(json: Value, parameters: Value) -> InputItem {
    InputItem {
        json: json.to_string(),
        binary: Vec::new(),
        parameters: parameters.to_string(),
    }
}

fn json_of(item: &OutputItem) -> Value {
    serde_json::from_str(&item.json).expect("output JSON is JSON")
}

/// Fails if any form of [`TOKEN`] is in any text of `items`.
fn assert_no_token(items: &[OutputItem]) {
    for item in items {
        assert!(
            !item.json.contains(TOKEN_CORE),
            "token leaked: {}",
            item.json
        );
        if let Some(e) = &item.error {
            let description = e.description.as_deref().unwrap_or_default();
            assert!(!e.message.contains(TOKEN_CORE) && !description.contains(TOKEN_CORE));
        }
    }
}

#[tokio::test]
async fn describe_gives_the_echo_nodes_form_and_credential_type() {
    let d = host().describe().await.expect("describe");
    assert_eq!(
        (d.name.as_str(), d.display_name.as_str()),
        ("echoNode", "Echo Node")
    );
    assert_eq!(d.credentials.len(), 1);
    assert_eq!(d.credentials[0].name, "echoApi");
    let [credential] = d.credential_types.as_slice() else {
        panic!("one credential type: {:?}", d.credential_types)
    };
    assert_eq!(credential.base_url_field, "url");
    assert_eq!(credential.secrets.len(), 1);
    assert_eq!(credential.secrets[0].field, "token");
    let names: Vec<&str> = credential
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["url", "token", "label"]);
    let path = d
        .properties
        .iter()
        .find(|p| p.name == "path")
        .expect("path");
    assert_eq!(path.default, "\"/whoami\"");
    let imports = host().imports();
    assert!(
        imports
            .iter()
            .any(|i| i.starts_with("wasi:http/outgoing-handler")),
        "{imports:?}"
    );
    assert!(
        !imports
            .iter()
            .any(|i| i.starts_with("wasi:filesystem") || i.starts_with("wasi:sockets")),
        "{imports:?}"
    );
}

#[tokio::test]
async fn load_options_shows_the_node_gets_no_secret_field() {
    let creds = credentials(json!({ "url": "http://127.0.0.1:9", "token": TOKEN, "label": "l" }));
    let options = host()
        .load_options("credentialFields", &creds, "{}")
        .await
        .expect("credentialFields");
    let names: Vec<&str> = options.iter().map(|o| o.name.as_str()).collect();
    assert!(
        names.contains(&"url") && names.contains(&"label"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"token"),
        "the node received the secret field: {names:?}"
    );
    let url = options.iter().find(|o| o.name == "url").expect("url");
    assert_eq!(url.value, "\"url\"");

    let e = node_error(host().load_options("nope", &creds, "{}").await);
    assert_eq!(e.kind, ErrorKind::InvalidParameter);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_sends_its_own_secret_header_and_redacts_the_echo() {
    let server = EchoServer::start().await;
    let creds = credentials(json!({ "url": server.url, "token": TOKEN, "label": "l" }));
    let items = [
        item(json!({ "n": 0 }), json!({})),
        item(json!({ "n": 1 }), json!({ "path": "/p/1" })),
    ];
    let out = host()
        .execute(&creds, &items, false)
        .await
        .expect("execute");

    let heads = server.heads();
    let lines: Vec<&str> = heads.iter().filter_map(|h| h.lines().next()).collect();
    assert_eq!(lines, ["GET /whoami HTTP/1.1", "GET /p/1 HTTP/1.1"]);
    for head in &heads {
        assert_eq!(
            header_values(head, "authorization"),
            [format!("Bearer {TOKEN}")],
            "exactly one Authorization, the host's: {head}"
        );
        assert_eq!(header_values(head, "x-guest"), ["1"], "{head}");
        assert!(!head.contains("forged-by-guest"), "{head}");
    }

    assert_eq!(out.len(), 2);
    for (i, o) in out.iter().enumerate() {
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(o.paired_item as usize, i);
        let json = json_of(o);
        assert_eq!(json["input"], json!({ "n": i }));
        assert_eq!(json["status"], 200);
        assert_eq!(json["body"], "Bearer [redacted]", "{json}");
        let data = &json["credentialData"];
        assert_eq!(
            (&data["url"], &data["label"]),
            (&json!(server.url), &json!("l"))
        );
        assert!(
            data.get("token").is_none(),
            "the node received the token: {data}"
        );
        assert!(
            json["deadlineMs"].as_u64().is_some_and(|ms| ms > 0),
            "{json}"
        );
    }
    assert_no_token(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_path_cannot_take_the_request_to_another_origin() {
    let server = EchoServer::start().await;
    let other = EchoServer::start().await;
    let other_authority = other.url.trim_start_matches("http://");
    let creds = credentials(json!({ "url": server.url, "token": TOKEN }));
    // `{url}@host:port/x` reads as user info followed by the other server.
    let items = [item(
        json!({}),
        json!({ "path": format!("@{other_authority}/x") }),
    )];
    let out = host().execute(&creds, &items, true).await.expect("execute");
    // The SDK's client sets the authority from the credential's Base URL and
    // sends the path as a path: `@host/x` is no path, and nothing is sent.
    let e = out[0].error.as_ref().expect("an error item");
    assert_eq!(e.kind, ErrorKind::InvalidParameter, "{e:?}");
    assert_eq!(e.item_index, Some(0));
    assert!(other.heads().is_empty(), "the other server was contacted");
    // A path that is one stays on the credential's origin whatever it holds.
    let items = [item(
        json!({}),
        json!({ "path": format!("/@{other_authority}/x") }),
    )];
    let out = host().execute(&creds, &items, true).await.expect("execute");
    assert!(out[0].error.is_none(), "{:?}", out[0].error);
    assert!(other.heads().is_empty(), "the other server was contacted");
    assert_no_token(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_token_fails_before_any_request() {
    let server = EchoServer::start().await;
    let items = [item(json!({}), json!({}))];
    for data in [
        json!({ "url": server.url, "label": "l" }),
        json!({ "url": server.url, "token": "" }),
        json!({ "url": server.url, "token": null }),
    ] {
        let creds = credentials(data.clone());
        let e = node_error(host().execute(&creds, &items, false).await);
        assert_eq!(e.kind, ErrorKind::MissingCredentials, "{data}: {e:?}");
        let out = host()
            .execute(&creds, &items, true)
            .await
            .expect("continue-on-fail");
        let e = out[0].error.as_ref().expect("an error item");
        assert_eq!(e.kind, ErrorKind::MissingCredentials, "{data}: {e:?}");
    }
    assert!(
        server.heads().is_empty(),
        "a request was sent without a token"
    );
}

/// The `deadlineMs` the node was told for a call over `n` items.
async fn told_deadline(host: &NodeHost, n: usize) -> u64 {
    let server = EchoServer::start().await;
    let creds = credentials(json!({ "url": server.url, "token": TOKEN }));
    let items: Vec<InputItem> = (0..n).map(|i| item(json!({ "n": i }), json!({}))).collect();
    let out = host.execute(&creds, &items, false).await.expect("execute");
    json_of(&out[0])["deadlineMs"]
        .as_u64()
        .expect("the node echoes its deadline")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calls_deadline_is_the_sum_of_its_items_budgets() {
    let host = host();
    let budgets = host.budgets().await.expect("the node's budgets");
    let cap = host.config().max_call_deadline;
    let per_item = budgets.call(["{}"], cap).as_millis() as u64;
    assert!(
        per_item > 2_000,
        "the echo node gives an item some seconds: {per_item}"
    );
    let one = told_deadline(host, 1).await;
    let three = told_deadline(host, 3).await;
    // The node is told the host's deadline less a margin of at most 1 s.
    assert!(
        (per_item - 1_000..per_item).contains(&one),
        "{one} of {per_item}"
    );
    assert!(
        (3 * per_item - 1_000..3 * per_item).contains(&three),
        "{three}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_deadline_or_the_cap_shortens_the_budgets() {
    let shortened = host()
        .with_config(HostConfig {
            call_deadline: Some(std::time::Duration::from_secs(2)),
            ..HostConfig::default()
        })
        .expect("same allocator");
    assert_eq!(told_deadline(&shortened, 3).await, 1_800);
    let capped = host()
        .with_config(HostConfig {
            max_call_deadline: std::time::Duration::from_secs(3),
            ..HostConfig::default()
        })
        .expect("same allocator");
    assert_eq!(told_deadline(&capped, 3).await, 2_700);
}

#[tokio::test]
async fn list_search_reaches_the_node() {
    let creds = credentials(json!({ "url": "http://127.0.0.1:9", "token": TOKEN }));
    // A page, or the node's own answer to a method it lacks: either way
    // the call reached the node's export, and came back.
    match host()
        .list_search("anything", &creds, "{}", Some("filter"), None)
        .await
    {
        Ok(_) | Err(workflow_node_host::HostError::Node(_)) => {}
        Err(e) => panic!("the call did not reach the node: {e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sdk_keeps_several_requests_of_one_item_in_flight() {
    let server = EchoServer::start().await;
    let creds = credentials(json!({ "url": server.url, "token": TOKEN }));
    let items = [item(json!({}), json!({ "path": "/slow", "fanOut": 4 }))];
    let started = std::time::Instant::now();
    let out = host()
        .execute(&creds, &items, false)
        .await
        .expect("execute");
    let took = started.elapsed();
    let json: Value = serde_json::from_str(&out[0].json).expect("JSON");
    assert_eq!(json["statuses"], json!([200, 200, 200, 200]), "{json}");
    assert_eq!(server.heads().len(), 4);
    // One after another would take 4 x 300 ms; at once, about 300 ms.
    assert!(
        took < SLOW * 3,
        "4 requests of 300 ms took {took:?}: not in flight together"
    );
    let refused = host()
        .execute(&creds, &[item(json!({}), json!({ "fanOut": 17 }))], true)
        .await
        .expect("execute");
    assert_eq!(
        refused[0].error.as_ref().map(|e| e.kind),
        Some(ErrorKind::InvalidParameter)
    );
}
