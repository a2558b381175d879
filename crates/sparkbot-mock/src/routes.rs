//! The mock API's routes, over the raw request target so that what the
//! client really sent (encoding included) is what gets routed and recorded.
//! Routing and validation come from the node's own catalog
//! (`sparkbot-catalog`): a request lands on the operations of its method and
//! path, and is refused with the API's 400 unless it is what one of them
//! sends. Only the answers, and the state behind them, are written here.

use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use sparkbot_catalog::session::{
    DEVICE_HEALTH, GET_DEVICE, REBOOT_DEVICE, REQUEST_AUTH_CODE, RESET_DEVICE, SCAN_QR,
    SCAN_QR_AND_WAIT, START_DEVICE, SYNC_SESSION,
};
use sparkbot_catalog::{CATALOG, RESOURCE_NUMBERS, RESOURCE_OTHER, other};
use workflow_node_sdk::catalog::Operation;
use workflow_node_sdk::catalog::route::{Endpoint, Routed, route, validate};

use super::{
    Fault, MockDevice, RecordedRequest, Shared, default_devices, lock, multipart, qr, session,
    store,
};

/// How long a QR lives, as the API reports it.
const QR_TTL: Duration = Duration::from_secs(60);

pub(super) fn router(state: Shared) -> Router {
    Router::new().fallback(handle).with_state(state)
}

/// The largest request body the mock reads (an upload of a 16 MiB file fits).
const MAX_REQUEST_BODY: usize = 32 * 1024 * 1024;

/// What the mock does for a device endpoint other than the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Get,
    Sync,
    Start,
    Reset,
    Reboot,
    Health,
    AuthCode,
}

/// The answer each catalog operation gets: the scan, or a device action.
fn handler(op: &Operation) -> Option<Option<Action>> {
    let table: [(&Operation, Option<Action>); 10] = [
        (&sparkbot_catalog::numbers::GET, Some(Action::Get)),
        (&SCAN_QR, None),
        (&SCAN_QR_AND_WAIT, None),
        (&GET_DEVICE, Some(Action::Get)),
        (&SYNC_SESSION, Some(Action::Sync)),
        (&START_DEVICE, Some(Action::Start)),
        (&RESET_DEVICE, Some(Action::Reset)),
        (&REBOOT_DEVICE, Some(Action::Reboot)),
        (&DEVICE_HEALTH, Some(Action::Health)),
        (&REQUEST_AUTH_CODE, Some(Action::AuthCode)),
    ];
    table
        .into_iter()
        .find(|(o, _)| o.resource == op.resource && o.value == op.value)
        .map(|(_, action)| action)
}

/// The decoded pairs of a query.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

async fn handle(State(state): State<Shared>, request: Request) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().to_string(), |pq| pq.as_str().to_string());
    let token = request
        .headers()
        .get("token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let content_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let method = request.method().as_str().to_string();
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if let Some(admin_path) = target
        .split('?')
        .next()
        .and_then(|p| p.strip_prefix("/__mock/"))
    {
        return admin(&state, &method, admin_path, request.into_body()).await;
    }
    let body = axum::body::to_bytes(request.into_body(), MAX_REQUEST_BODY)
        .await
        .unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default().to_string();
    let query = target
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default()
        .to_string();
    let authorized = {
        let mut s = lock(&state);
        s.requests.push(RecordedRequest {
            method: method.clone(),
            target: target.clone(),
            path: path.clone(),
            query: query.clone(),
            body: String::from_utf8_lossy(&body).into_owned(),
            token: token.clone(),
            content_length,
        });
        token.as_deref() == Some(s.api_key.as_str())
    };
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    let Some(under_base) = path.strip_prefix("/v1/").or((path == "/v1").then_some("")) else {
        return error(404, "Resource not found", "not_found");
    };
    let segments: Vec<String> = under_base
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode)
        .collect();
    let endpoint = match route(&CATALOG, &method, &segments) {
        Routed::Found(endpoint) => endpoint,
        Routed::MethodNotAllowed => return error(405, "Method not allowed", "method_not_allowed"),
        Routed::NotFound => return error(404, "Resource not found", "not_found"),
    };
    if !authorized {
        return unauthorized();
    }
    let pairs = query_pairs(&query);
    if let Some(boundary) = multipart::boundary(&content_type) {
        return upload(&state, &method, &segments, &body, &boundary, &pairs).await;
    }
    if let Err(message) = validate(&endpoint, &pairs, &body) {
        return error(
            400,
            &format!("Invalid request: {message}"),
            "invalid_parameter",
        );
    }
    answer(
        &state,
        &endpoint,
        &method,
        &segments,
        &pairs,
        &body,
        token.as_deref(),
    )
    .await
}

/// The answer to a valid request on `endpoint`.
async fn answer(
    state: &Shared,
    endpoint: &Endpoint,
    method: &str,
    segments: &[String],
    pairs: &[(String, String)],
    body: &[u8],
    token: Option<&str>,
) -> Response {
    let id = endpoint
        .path_value("device")
        .unwrap_or_default()
        .to_string();
    let on = |name: &str| pairs.iter().any(|(k, v)| k == name && v == "true");
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(first) = endpoint.ops.first() else {
        return error(404, "Resource not found", "not_found");
    };
    match handler(first) {
        Some(None) => {
            scan(
                state,
                &id,
                on("force"),
                value("encoding").unwrap_or("svg"),
                token,
            )
            .await
        }
        Some(Some(action)) => device_action(state, &id, action, pairs, body, token).await,
        None => stored(state, endpoint, method, segments, pairs, body).await,
    }
}

/// The fault set for the device a request names (in its path, body or
/// query), or for every route (`*`).
fn fault_for(
    state: &Shared,
    endpoint: &Endpoint,
    pairs: &[(String, String)],
    body: &[u8],
) -> Option<Fault> {
    let device = endpoint
        .path_value("device")
        .map(str::to_string)
        .or_else(|| {
            serde_json::from_slice::<Value>(body)
                .ok()
                .and_then(|v| v.get("device")?.as_str().map(str::to_string))
        })
        .or_else(|| {
            pairs
                .iter()
                .find(|(k, _)| k == "device")
                .map(|(_, v)| v.clone())
        });
    let s = lock(state);
    device
        .and_then(|d| s.faults.get(&d).cloned())
        .or_else(|| s.faults.get("*").cloned())
}

/// Every route that is not a session action: the account's numbers, the
/// number checks, and the store.
async fn stored(
    state: &Shared,
    endpoint: &Endpoint,
    method: &str,
    segments: &[String],
    pairs: &[(String, String)],
    body: &[u8],
) -> Response {
    let fault = fault_for(state, endpoint, pairs, body);
    if let Some(fault) = &fault
        && let Some(response) = fault_response(fault, "json").await
    {
        return response;
    }
    let Some(op) = endpoint.ops.first() else {
        return error(404, "Resource not found", "not_found");
    };
    let json_body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let response = match (op.resource, op.value) {
        (RESOURCE_NUMBERS, "list") => list(state, pairs),
        (RESOURCE_NUMBERS, "create") => {
            let mut s = lock(state);
            let id = s.store.new_id();
            let mut device = default_devices().remove(1);
            device.id = id;
            device.alias = json_body["alias"].as_str().map(str::to_string);
            device.phone = None;
            device.session = "new".into();
            device.pending_since = None;
            let v = device_json(&device);
            s.devices.push(device);
            json_response(201, v)
        }
        (RESOURCE_NUMBERS, "update" | "delete" | "deleteChats") => {
            let id = endpoint.path_value("device").unwrap_or_default();
            let mut s = lock(state);
            let Some(index) = s.devices.iter().position(|d| d.id == id) else {
                return error(404, "Device not found", "device_not_found");
            };
            match op.value {
                "delete" => {
                    s.devices.remove(index);
                    json_response(200, json!({"success": true, "id": id}))
                }
                "deleteChats" => json_response(200, json!({"success": true, "phones": json_body})),
                _ => {
                    if let Some(alias) = json_body["alias"].as_str() {
                        s.devices[index].alias = Some(alias.into());
                    }
                    json_response(200, device_json(&s.devices[index]))
                }
            }
        }
        (RESOURCE_OTHER, v) if v == other::CHECK_EXISTS.value => {
            let phone = json_body["phone"].as_str().unwrap_or_default();
            let digits = phone.trim_start_matches('+');
            json_response(
                200,
                json!({"exists": true, "phone": phone, "wid": format!("{digits}@c.us"), "isBusiness": false}),
            )
        }
        (RESOURCE_OTHER, v) if v == other::VALIDATE.value => {
            let numbers: Vec<Value> = json_body["numbers"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| json!({"phone": n["phone"], "valid": true, "kind": "mobile"}))
                .collect();
            json_response(200, Value::Array(numbers))
        }
        _ => {
            let answer = lock(state)
                .store
                .answer(endpoint, method, segments, pairs, body);
            match answer {
                store::Answer::Json(status, value) => json_response(status, value),
                store::Answer::File(file) => {
                    let mut response = raw(200, &file.mime, file.data);
                    if let Ok(v) =
                        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.name))
                    {
                        response
                            .headers_mut()
                            .insert(header::CONTENT_DISPOSITION, v);
                    }
                    response
                }
            }
        }
    };
    after_fault(fault, response, None).await
}

/// A multipart upload: `POST /files` with a `file` part.
async fn upload(
    state: &Shared,
    method: &str,
    segments: &[String],
    body: &[u8],
    boundary: &str,
    pairs: &[(String, String)],
) -> Response {
    if method != "POST" || segments != ["files"] {
        return error(
            400,
            "Invalid request: only POST /files takes a multipart body",
            "invalid_parameter",
        );
    }
    let parts = match multipart::parse(body, boundary) {
        Ok(parts) => parts,
        Err(e) => {
            return error(
                400,
                &format!("Invalid request: the multipart body is malformed: {e}"),
                "invalid_parameter",
            );
        }
    };
    let Some(file) = parts.iter().find(|p| p.name == "file") else {
        return error(
            400,
            "Invalid request: the form field 'file' is required",
            "invalid_parameter",
        );
    };
    let mut fields = serde_json::Map::new();
    for part in parts.iter().filter(|p| p.name != "file") {
        fields.insert(
            part.name.clone(),
            json!(String::from_utf8_lossy(&part.data)),
        );
    }
    for (k, v) in pairs {
        fields.insert(k.clone(), json!(v));
    }
    let stored = store::StoredFile {
        data: file.data.clone(),
        mime: file
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".into()),
        name: file.file_name.clone().unwrap_or_else(|| "file".into()),
    };
    match lock(state).store.upload(stored, &fields) {
        store::Answer::Json(status, value) => json_response(status, value),
        store::Answer::File(_) => error(500, "unexpected", "internal"),
    }
}

fn unauthorized() -> Response {
    error(401, "Invalid or missing API token", "unauthorized")
}

fn list(state: &Shared, pairs: &[(String, String)]) -> Response {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.parse::<usize>().ok())
    };
    let size = get("size").unwrap_or(100);
    let page = get("page").unwrap_or(0);
    let mut s = lock(state);
    s.devices.iter_mut().for_each(session::advance);
    let devices: Vec<Value> = s
        .devices
        .iter()
        .map(device_json)
        .skip(page * size)
        .take(size)
        .collect();
    json_response(200, Value::Array(devices))
}

fn device_json(d: &MockDevice) -> Value {
    let mut session = json!({ "status": d.session });
    if d.session == "online" {
        session["uptime"] = json!(3600);
        session["lastSyncAt"] = json!("2026-11-20T10:00:00Z");
    }
    json!({
        "id": d.id, "alias": d.alias, "phone": d.phone,
        "status": d.status, "session": session,
        "plan": "professional",
    })
}

async fn scan(
    state: &Shared,
    id: &str,
    force: bool,
    encoding: &str,
    token: Option<&str>,
) -> Response {
    let encoding = encoding.to_string();
    let fault = lock(state).faults.get(id).cloned();
    if let Some(fault) = &fault
        && let Some(response) = fault_response(fault, &encoding).await
    {
        return response;
    }
    let device = {
        let mut s = lock(state);
        let Some(device) = s.devices.iter_mut().find(|d| d.id == id) else {
            return error(404, "Device not found", "device_not_found");
        };
        session::advance(device);
        if device.session == "online" && !force {
            return error(
                409,
                "Device is already authorized and online",
                "device_already_online",
            );
        }
        session::issue_qr(device, force);
        device.clone()
    };
    let response = match qr_response(&device.payload(), &encoding) {
        Ok(response) => response,
        Err(e) => return error(500, &format!("Cannot render QR: {e}"), "internal"),
    };
    after_fault(fault, response, token).await
}

/// `response` as the faults that act on a normal answer change it.
async fn after_fault(fault: Option<Fault>, response: Response, token: Option<&str>) -> Response {
    match fault {
        Some(Fault::NoContentType) => {
            let mut response = response;
            response.headers_mut().remove(header::CONTENT_TYPE);
            response
        }
        Some(Fault::Trickle { ms }) => trickle(response, Duration::from_millis(ms)).await,
        Some(Fault::ResetMidBody) => reset_mid_body(response).await,
        Some(Fault::EchoToken) => echo_token(response, token.unwrap_or_default()).await,
        _ => response,
    }
}

/// A device endpoint other than the scan.
async fn device_action(
    state: &Shared,
    id: &str,
    action: Action,
    pairs: &[(String, String)],
    body: &[u8],
    token: Option<&str>,
) -> Response {
    let on = |name: &str| pairs.iter().any(|(k, v)| k == name && v == "true");
    // The body was validated against the catalog: `{}` or `{"phone": "+…"}`.
    let phone = match action {
        Action::AuthCode => serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| v.get("phone")?.as_str().map(str::to_string)),
        _ => None,
    };
    let fault = lock(state).faults.get(id).cloned();
    if let Some(fault) = &fault
        && let Some(response) = fault_response(fault, "json").await
    {
        return response;
    }
    let answer = {
        let mut s = lock(state);
        let Some(device) = s.devices.iter_mut().find(|d| d.id == id) else {
            return error(404, "Device not found", "device_not_found");
        };
        session::advance(device);
        match action {
            Action::Get => device_json(device),
            Action::Sync => {
                let mut v = device_json(device);
                v["syncedAt"] = json!(now_rfc3339());
                v
            }
            Action::Start => {
                device.status = "operative".into();
                let mut v = device_json(device);
                v["started"] = json!(true);
                v["waited"] = json!(on("wait"));
                v
            }
            Action::Reset => {
                session::start_over(device);
                json!({
                    "id": device.id, "session": {"status": device.session},
                    "reset": true, "dataDeleted": on("data"),
                    "queueEmptied": on("emptyQueue"), "waited": on("wait"),
                })
            }
            Action::Reboot => {
                let mut v = device_json(device);
                v["rebooted"] = json!(true);
                v["forced"] = json!(on("force"));
                v["synced"] = json!(on("sync"));
                v["waited"] = json!(on("wait"));
                v
            }
            Action::Health => json!({
                "id": device.id,
                "status": if device.session == "online" { "healthy" } else { "degraded" },
                "session": {"status": device.session},
                "checks": {"whatsapp": device.session == "online", "queue": "ok"},
            }),
            Action::AuthCode => {
                if device.session == "online" && !on("force") {
                    return error(
                        409,
                        "Device is already authorized and online",
                        "device_already_online",
                    );
                }
                if on("force") {
                    session::start_over(device);
                }
                let Some(phone) = phone.or_else(|| device.phone.clone()) else {
                    return error(
                        400,
                        "phone is required: this number was never linked",
                        "invalid_parameter",
                    );
                };
                session::issue_qr(device, false);
                json!({
                    "device": device.id, "phone": phone,
                    "code": auth_code(&device.id, device.generation),
                    "expiresAt": humantime::format_rfc3339_seconds(SystemTime::now() + QR_TTL).to_string(),
                })
            }
        }
    };
    after_fault(fault, json_response(200, answer), token).await
}

/// A pairing code that changes with the session's generation.
fn auth_code(id: &str, generation: u32) -> String {
    let mut h: u32 = 2_166_136_261;
    for b in id.bytes().chain(generation.to_le_bytes()) {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    let alphabet = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let code: String = (0..8)
        .map(|i| char::from(alphabet[((h >> (i * 4)) as usize + i) % alphabet.len()]))
        .collect();
    format!("{}-{}", &code[..4], &code[4..])
}

fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// `response` with `token` echoed in a header and inside its body.
async fn echo_token(response: Response, token: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    if let Ok(value) = HeaderValue::from_str(token) {
        parts.headers.insert("x-echo-token", value);
    }
    let body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(mut fields)) => {
            fields.insert("echo".into(), token.into());
            Value::Object(fields).to_string().into_bytes()
        }
        _ => match std::str::from_utf8(&bytes) {
            Ok(svg) if svg.contains("<svg") => svg
                .replacen("<svg", &format!("<!-- token {token} --><svg"), 1)
                .into_bytes(),
            _ => bytes.to_vec(),
        },
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// `response`, its body sent one byte at a time with `pause` between bytes.
async fn trickle(response: Response, pause: Duration) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let stream = futures_util::stream::unfold(0usize, move |at| {
        let bytes = bytes.clone();
        async move {
            if at >= bytes.len() {
                return None;
            }
            tokio::time::sleep(pause).await;
            Some((Ok::<_, std::io::Error>(bytes.slice(at..at + 1)), at + 1))
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// `response` with a `Content-Length` of its full body, of which only half
/// is sent before the stream fails and the connection is dropped.
async fn reset_mid_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let half = bytes.slice(..bytes.len() / 2);
    let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = vec![
        Ok(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset by the mock",
        )),
    ];
    Response::from_parts(parts, Body::from_stream(futures_util::stream::iter(chunks)))
}

/// The answer a fault gives, or `None` to answer normally (after a delay).
async fn fault_response(fault: &Fault, encoding: &str) -> Option<Response> {
    Some(match fault {
        Fault::Status { status, message } => error(*status, message, "fault"),
        Fault::RateLimited { retry_after } => {
            let mut response = error(429, "Too many requests", "rate_limited");
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
            }
            response
        }
        Fault::Slow(delay) => {
            tokio::time::sleep(*delay).await;
            return None;
        }
        Fault::NoContentType | Fault::Trickle { .. } | Fault::ResetMidBody | Fault::EchoToken => {
            return None;
        }
        Fault::BadBase64 => json_response(200, json!({ "data": "this is ~not~ base64!" })),
        Fault::Garbled => {
            let content_type = match encoding {
                "svg" => "image/svg+xml",
                "image" => "image/png",
                _ => "application/json",
            };
            raw(
                200,
                content_type,
                b"\x00\x9f garbled {{ not what was promised".to_vec(),
            )
        }
        Fault::Html => raw(
            200,
            "text/html",
            b"<html><body><h1>Welcome</h1></body></html>".to_vec(),
        ),
        Fault::Empty => raw(200, "application/json", Vec::new()),
        Fault::WrongShape => json_response(200, json!({"qr": "somewhere else"})),
        Fault::Redirect { location } => {
            let mut response = raw(302, "text/plain", Vec::new());
            if let Ok(value) = HeaderValue::from_str(location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Fault::Huge { bytes } => raw(200, "image/svg+xml", vec![b' '; *bytes]),
    })
}

/// The admin API that tests in other processes use.
async fn admin(state: &Shared, method: &str, path: &str, body: Body) -> Response {
    match (method, path) {
        ("POST", "faults") => {
            #[derive(serde::Deserialize)]
            struct SetFault {
                device: String,
                fault: Fault,
            }
            let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
                return error(400, "Unreadable body", "invalid_body");
            };
            match serde_json::from_slice::<SetFault>(&bytes) {
                Ok(set) => {
                    lock(state).faults.insert(set.device, set.fault);
                    json_response(200, json!({ "ok": true }))
                }
                Err(e) => error(
                    400,
                    &format!("Expected {{device, fault}}: {e}"),
                    "invalid_body",
                ),
            }
        }
        ("GET", "store") => json_response(200, lock(state).store.dump()),
        ("GET", "connections") => {
            json_response(200, json!({ "connections": lock(state).connections }))
        }
        ("POST", "reset") => {
            lock(state).reset();
            json_response(200, json!({ "ok": true }))
        }
        ("POST", "link") | ("POST", "session") => {
            #[derive(serde::Deserialize)]
            #[serde(rename_all = "camelCase", deny_unknown_fields)]
            struct SetSession {
                device: String,
                link_after_ms: Option<u64>,
                qr_timeout_ms: Option<u64>,
                session: Option<String>,
            }
            let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
                return error(400, "Unreadable body", "invalid_body");
            };
            let set = match serde_json::from_slice::<SetSession>(&bytes) {
                Ok(set) => set,
                Err(e) => {
                    return error(
                        400,
                        &format!("Expected {{device, linkAfterMs?, qrTimeoutMs?, session?}}: {e}"),
                        "invalid_body",
                    );
                }
            };
            let mut s = lock(state);
            let Some(device) = s.devices.iter_mut().find(|d| d.id == set.device) else {
                return error(404, "Device not found", "device_not_found");
            };
            if path == "link" {
                session::link(device);
            }
            if let Some(ms) = set.link_after_ms {
                device.link_after = Some(Duration::from_millis(ms));
            }
            if let Some(ms) = set.qr_timeout_ms {
                device.qr_timeout = Duration::from_millis(ms);
            }
            if let Some(status) = set.session {
                device.pending_since = (status == "pending").then(std::time::Instant::now);
                device.session = status;
            }
            session::advance(device);
            json_response(200, json!({ "ok": true, "session": device.session }))
        }
        ("GET", "requests") => {
            let s = lock(state);
            let requests: Vec<Value> = s
                .requests
                .iter()
                .map(|r| {
                    json!({
                        "method": r.method,
                        "target": r.target,
                        "path": r.path,
                        "query": r.query,
                        "body": r.body,
                        "tokenMatches": r.token.as_deref() == Some(s.api_key.as_str()),
                    })
                })
                .collect();
            json_response(200, Value::Array(requests))
        }
        ("GET", "devices") => {
            let mut s = lock(state);
            s.devices.iter_mut().for_each(session::advance);
            let devices: Vec<Value> = s
                .devices
                .iter()
                .map(|d| {
                    let mut v = device_json(d);
                    v["session"] = json!(d.session);
                    v["payload"] = json!(d.payload());
                    v
                })
                .collect();
            json_response(200, Value::Array(devices))
        }
        _ => error(404, "Unknown admin route", "not_found"),
    }
}

fn qr_response(payload: &str, encoding: &str) -> Result<Response, qr::QrError> {
    let png_base64 = || qr::png(payload).map(|png| STANDARD.encode(png));
    Ok(match encoding {
        "svg" => raw(200, "image/svg+xml", qr::svg(payload)?.into_bytes()),
        "image" => raw(200, "image/png", qr::png(payload)?),
        "base64" => json_response(200, json!({ "data": png_base64()? })),
        "base64_uri" => json_response(
            200,
            json!({ "data": format!("data:image/png;base64,{}", png_base64()?) }),
        ),
        "uri" => json_response(200, json!({ "data": payload })),
        _ => {
            let expires = humantime::format_rfc3339_seconds(SystemTime::now() + QR_TTL);
            json_response(
                200,
                json!({ "data": payload, "expiresAt": expires.to_string(), "ttl": QR_TTL.as_secs() }),
            )
        }
    })
}

fn error(status: u16, message: &str, code: &str) -> Response {
    json_response(
        status,
        json!({ "status": status, "message": message, "errorCode": code }),
    )
}

fn json_response(status: u16, body: Value) -> Response {
    raw(status, "application/json", body.to_string().into_bytes())
}

fn raw(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Body::from(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}
