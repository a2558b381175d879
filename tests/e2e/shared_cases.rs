//! The cases of `tests/cases/shared.json`, which every host of the
//! component runs (this Rust host here, Node.js through jco in `js/`).

use serde_json::{Value, json};
use sparkbot_mock::{Fault, MockApi};
use workflow_node_host::bindings::{Credentials, InputItem, OutputItem};
use workflow_node_host::{HostError, json};

use crate::support::{KEY, credentials_at, decode_png, host, mock};

const CASES: &str = include_str!("../cases/shared.json");

#[tokio::test]
async fn every_shared_case_holds_in_the_rust_host() {
    let file: Value = serde_json::from_str(CASES).expect("shared.json is JSON");
    let cases = file["cases"].as_array().expect("a list of cases");
    assert_eq!(
        Some(cases.len() as u64),
        file["caseCount"].as_u64(),
        "shared.json's caseCount must match its cases (a case was lost or added without it)"
    );
    let mut names: Vec<&str> = cases.iter().filter_map(|c| c["name"].as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "every case has a name of its own");
    let mut failures = Vec::new();
    for case in cases {
        if let Err(why) = run_case(case).await {
            failures.push(format!("{}: {why}", case["name"]));
        }
    }
    assert!(
        failures.is_empty(),
        "shared cases failed:\n{}",
        failures.join("\n")
    );
}

/// What a call produced, as JSON: `Ok` with the result, `Err` with the node error.
type Outcome = Result<(Value, Vec<OutputItem>), Value>;

async fn run_case(case: &Value) -> Result<(), String> {
    let api = mock();
    for f in case["faults"].as_array().into_iter().flatten() {
        let fault: Fault =
            serde_json::from_value(f["fault"].clone()).map_err(|e| format!("fault: {e}"))?;
        api.set_fault(f["device"].as_str().unwrap_or_default(), fault);
    }
    for s in case["sessions"].as_array().into_iter().flatten() {
        let device = s["device"].as_str().unwrap_or_default();
        let ms = |key: &str| s[key].as_u64().map(std::time::Duration::from_millis);
        let known = ms("linkAfterMs").is_none_or(|d| api.link_after(device, d))
            && ms("qrTimeoutMs").is_none_or(|d| api.qr_timeout(device, d));
        if !known {
            return Err(format!("sessions: the mock has no device {device}"));
        }
    }
    for (i, request) in case["setup"].as_array().into_iter().flatten().enumerate() {
        setup_request(&api, request)
            .await
            .map_err(|e| format!("setup[{i}]: {e}"))?;
    }
    // What the call sends is counted from here.
    api.clear_requests();
    let credentials = credentials(case, &api);
    let outcome = call(case, &credentials).await?;
    let expect = &case["expect"];
    const CHECKS: [&str; 6] = [
        "error",
        "items",
        "options",
        "propertyNames",
        "requests",
        "store",
    ];
    if !CHECKS.iter().any(|k| expect.get(k).is_some()) {
        return Err(format!(
            "the case expects nothing (one of {CHECKS:?} is needed)"
        ));
    }
    match (expect.get("error"), outcome) {
        (Some(wanted), Err(error)) => {
            matches(wanted, &error, &api, "error")?;
            if let Some(text) = expect["messageContains"].as_str() {
                let message = error["message"].as_str().unwrap_or_default();
                if !message.contains(text) {
                    return Err(format!("message {message:?} lacks {text:?}"));
                }
            }
        }
        (Some(_), Ok(_)) => return Err("expected an error, the call succeeded".into()),
        (None, Err(error)) => return Err(format!("unexpected error {error}")),
        (None, Ok((result, items))) => check_result(expect, &result, &items, &api)?,
    }
    for (collection, wanted) in expect["store"].as_object().into_iter().flatten() {
        check_store(&api, collection, wanted)?;
    }
    if let Some(n) = expect["requests"].as_u64() {
        let got = api.requests().len() as u64;
        if got != n {
            return Err(format!("the API recorded {got} requests, expected {n}"));
        }
    }
    Ok(())
}

fn credentials(case: &Value, api: &MockApi) -> Credentials {
    let given = &case["credentials"];
    let base_url = given["baseUrl"]
        .as_str()
        .map_or_else(|| api.base_url(), str::to_string);
    credentials_at(&base_url, given["apiKey"].as_str().unwrap_or(KEY))
}

async fn call(case: &Value, credentials: &Credentials) -> Result<Outcome, String> {
    let node_error = |e: HostError| match e {
        HostError::Node(e) => Ok(Err(json::error(&e))),
        other => Err(format!("host failure: {other}")),
    };
    match case["call"].as_str() {
        Some("describe") => {
            let d = host().describe().await.map_err(|e| e.to_string())?;
            let names: Vec<Value> = d.properties.iter().map(|p| p.name.clone().into()).collect();
            Ok(Ok((json!({ "propertyNames": names }), Vec::new())))
        }
        Some("loadOptions") => {
            let parameters = case
                .get("parameters")
                .cloned()
                .unwrap_or(json!({}))
                .to_string();
            let method = case["method"].as_str().unwrap_or_default();
            match host().load_options(method, credentials, &parameters).await {
                Ok(options) => Ok(Ok((options.iter().map(json::option).collect(), Vec::new()))),
                Err(e) => node_error(e),
            }
        }
        Some("execute") => {
            let items: Vec<InputItem> = case["items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| InputItem {
                    json: i.get("json").cloned().unwrap_or(json!({})).to_string(),
                    binary: Vec::new(),
                    parameters: i["parameters"].to_string(),
                })
                .collect();
            let continue_on_fail = case["continueOnFail"].as_bool().unwrap_or(false);
            match host().execute(credentials, &items, continue_on_fail).await {
                Ok(out) => Ok(Ok((
                    out.iter().map(|o| json::output_item(o, &[])).collect(),
                    out,
                ))),
                Err(e) => node_error(e),
            }
        }
        other => Err(format!("unknown call {other:?}")),
    }
}

fn check_result(
    expect: &Value,
    result: &Value,
    items: &[OutputItem],
    api: &MockApi,
) -> Result<(), String> {
    if let Some(names) = expect.get("propertyNames") {
        return equal(names, &result["propertyNames"], "propertyNames");
    }
    if let Some(options) = expect.get("options") {
        return equal(options, result, "options");
    }
    let Some(wanted) = expect["items"].as_array() else {
        return Ok(());
    };
    let got = result.as_array().cloned().unwrap_or_default();
    if got.len() != wanted.len() {
        return Err(format!(
            "{} output items, expected {}",
            got.len(),
            wanted.len()
        ));
    }
    for (i, (w, g)) in wanted.iter().zip(&got).enumerate() {
        let at = |what: &str| format!("item {i} {what}");
        equal(
            &w["pairedItem"],
            &g["pairedItem"]["item"],
            &at("pairedItem"),
        )?;
        if let Some(json) = w.get("json") {
            matches(json, &g["json"], api, &at("json"))?;
        }
        match w.get("error") {
            Some(e) => matches(e, &g["error"], api, &at("error"))?,
            None if g.get("error").is_some() => {
                return Err(format!("{}: unexpected {}", at("error"), g["error"]));
            }
            None => {}
        }
        let wanted_binary = w
            .get("binary")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let got_binary = g
            .get("binary")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
        if keys(&wanted_binary) != keys(&got_binary) {
            return Err(format!(
                "{}: entries {:?}, expected {:?}",
                at("binary"),
                keys(&got_binary),
                keys(&wanted_binary)
            ));
        }
        for (key, entry) in &wanted_binary {
            let mut fields = entry.clone();
            let data = items[i]
                .binary
                .iter()
                .find(|b| &b.key == key)
                .map(|b| b.data.clone())
                .unwrap_or_default();
            if let Some(text) = fields.as_object_mut().and_then(|f| f.remove("utf8")) {
                equal(
                    &text,
                    &Value::String(String::from_utf8_lossy(&data).into_owned()),
                    &at(&format!("binary {key} bytes")),
                )?;
                if std::str::from_utf8(&data).is_err() {
                    return Err(format!("{}: the bytes are not UTF-8", at("binary")));
                }
            }
            if let Some(device) = fields.as_object_mut().and_then(|f| f.remove("qrPayloadOf")) {
                let payload = device_payload(api, device.as_str().unwrap_or_default())?;
                equal(
                    &Value::String(payload),
                    &Value::String(decode_png(&data)),
                    &at("QR payload"),
                )?;
            }
            matches(
                &fields,
                &got_binary[key],
                api,
                &at(&format!("binary {key}")),
            )?;
        }
    }
    Ok(())
}

fn device_payload(api: &MockApi, id: &str) -> Result<String, String> {
    api.device(id)
        .map(|d| d.payload())
        .ok_or_else(|| format!("no device {id}"))
}

fn equal(wanted: &Value, got: &Value, at: &str) -> Result<(), String> {
    if wanted == got {
        Ok(())
    } else {
        Err(format!("{at}: got {got}, expected {wanted}"))
    }
}

/// `got` holds `wanted`: objects by subset, matchers by their rule, the rest equal.
fn matches(wanted: &Value, got: &Value, api: &MockApi, at: &str) -> Result<(), String> {
    match wanted {
        Value::Object(w) if w.contains_key("$payloadOf") => {
            let payload = device_payload(api, w["$payloadOf"].as_str().unwrap_or_default())?;
            equal(&Value::String(payload), got, at)
        }
        Value::Object(w) if w.contains_key("$stored") => {
            let stored = stored_at(api, &w["$stored"])?;
            equal(&stored, got, at)
        }
        Value::Object(w) if w.contains_key("$startsWith") => {
            let prefix = w["$startsWith"].as_str().unwrap_or_default();
            match got.as_str() {
                Some(s) if s.starts_with(prefix) => Ok(()),
                _ => Err(format!("{at}: {got} does not start with {prefix:?}")),
            }
        }
        Value::Object(w) => w.iter().try_for_each(|(k, v)| {
            let field = got.get(k).unwrap_or(&Value::Null);
            matches(v, field, api, &format!("{at}.{k}"))
        }),
        other => equal(other, got, at),
    }
}

/// `{"$stored": [collection, index, key…]}`: the value the mock holds there after the call.
fn stored_at(api: &MockApi, path: &Value) -> Result<Value, String> {
    let steps = path.as_array().cloned().unwrap_or_default();
    let Some((collection, rest)) = steps.split_first() else {
        return Err(format!(
            "$stored needs [collection, index, key…], got {path}"
        ));
    };
    let collection = collection.as_str().unwrap_or_default();
    let mut value = Value::Array(api.stored(collection));
    for step in rest {
        value = match (step, value) {
            (Value::Number(n), Value::Array(mut list)) => {
                let index = n.as_u64().unwrap_or(u64::MAX) as usize;
                if index >= list.len() {
                    return Err(format!("$stored {path}: the mock holds no element {index}"));
                }
                list.swap_remove(index)
            }
            (Value::String(k), Value::Object(mut map)) => map
                .remove(k)
                .ok_or_else(|| format!("$stored {path}: no field {k}"))?,
            (step, _) => return Err(format!("$stored {path}: nothing at {step}")),
        };
    }
    Ok(value)
}

/// `expect.store[collection]`: the mock holds exactly these objects there, in order, each a subset match.
fn check_store(api: &MockApi, collection: &str, wanted: &Value) -> Result<(), String> {
    let wanted = wanted
        .as_array()
        .ok_or_else(|| format!("store {collection}: a list of objects"))?;
    let stored = api.stored(collection);
    if stored.len() != wanted.len() {
        return Err(format!(
            "store {collection}: the mock holds {} objects, expected {}: {stored:?}",
            stored.len(),
            wanted.len()
        ));
    }
    for (i, (w, g)) in wanted.iter().zip(&stored).enumerate() {
        matches(w, g, api, &format!("store {collection}[{i}]"))?;
    }
    Ok(())
}

/// One request of a case's `setup`, to the mock under its Base URL with its
/// key (HTTP/1.1 over a plain connection); it must answer 2xx.
async fn setup_request(api: &MockApi, request: &Value) -> Result<(), String> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let method = request["method"].as_str().unwrap_or("GET");
    let path = request["path"].as_str().unwrap_or_default();
    let body = request
        .get("body")
        .map(Value::to_string)
        .unwrap_or_default();
    let url = format!("{}{path}", api.base_url());
    let target = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|at| rest[at..].to_string()))
        .ok_or_else(|| format!("no path in {url}"))?;
    let mut stream = tokio::net::TcpStream::connect(api.addr())
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {}\r\nToken: {KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        api.addr(),
        body.len()
    );
    stream
        .write_all(format!("{head}{body}").as_bytes())
        .await
        .map_err(|e| format!("send: {e}"))?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .map_err(|e| format!("read: {e}"))?;
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.split(' ').nth(1).unwrap_or_default();
    if status.starts_with('2') {
        Ok(())
    } else {
        Err(format!(
            "{method} {path}: {}",
            answer.lines().next().unwrap_or_default()
        ))
    }
}
