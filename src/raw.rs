//! Send API Request: a method and a path the user writes, sent under the
//! credential's Base URL (the host adds the key there and nowhere else).
//! The path is checked before anything is sent: it starts with one `/`,
//! holds no `..` segment, no backslash, no space or control character and
//! no `#`; the query comes from a JSON object.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use workflow_node_sdk::catalog::check::{Checked, Val};
use workflow_node_sdk::catalog::request::send_request;
use workflow_node_sdk::catalog::shape;
use workflow_node_sdk::http::{Method, Request};
use workflow_node_sdk::{Context, NodeError, Output, Result};

/// Sends the item's request and returns the API's answer as the item.
pub fn run(cx: &Context, checked: &Checked) -> Result<Vec<Output>> {
    let request = build(checked)?;
    let reply = send_request(cx, checked, request)?;
    let mut item = shape::pass_through(checked, &reply, cx.client.api_name())?;
    item.json
        .entry("statusCode")
        .or_insert_with(|| reply.status.into());
    Ok(vec![item])
}

/// The request an item describes, or why it cannot be sent.
pub fn build(checked: &Checked) -> Result<Request> {
    let method = match checked.text("method").unwrap_or("GET") {
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => Method::Get,
    };
    let path = checked.text("path").unwrap_or_default().trim();
    check_path(path)?;
    let mut raw = path.to_string();
    if let Val::Json(query) = checked.get("query") {
        let Value::Object(pairs) = query else {
            return Err(NodeError::invalid_parameter(
                "Query must be a JSON object of names and values, such as {\"size\": 10}.",
            ));
        };
        for (i, (name, value)) in pairs.iter().enumerate() {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(_) | Value::Bool(_) => value.to_string(),
                Value::Array(items) => items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(","),
                _ => {
                    return Err(NodeError::invalid_parameter(format!(
                        "Query: the value of '{name}' must be text, a number, a boolean or a list."
                    )));
                }
            };
            let sep = if i == 0 && !raw.contains('?') {
                '?'
            } else {
                '&'
            };
            raw.push(sep);
            raw.extend(utf8_percent_encode(name, NON_ALPHANUMERIC));
            raw.push('=');
            raw.extend(utf8_percent_encode(&text, NON_ALPHANUMERIC));
        }
    }
    let body = match (checked.get("body"), method) {
        (Val::Json(_), Method::Get) => {
            return Err(NodeError::invalid_parameter(
                "Body: a GET request sends no body. Choose another method, or leave Body empty.",
            ));
        }
        (Val::Json(body), _) => Some(body.clone()),
        _ => None,
    };
    let mut request = Request::new(method, &[], checked.timeout);
    request.raw_path = Some(raw);
    request.body = body;
    Ok(request)
}

fn check_path(path: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(NodeError::invalid_parameter(format!(
            "Path {why}. Write a path under the Base URL such as /devices or /messages/{{id}}."
        )))
    };
    if !path.starts_with('/') {
        return bad("must start with /");
    }
    if path.starts_with("//") {
        return bad("must not start with //");
    }
    if path
        .chars()
        .any(|c| c.is_control() || c == ' ' || c == '\\' || c == '#')
    {
        return bad("holds a space, a backslash, a # or a control character");
    }
    let path_only = path.split('?').next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path_only).decode_utf8_lossy();
    if decoded.split('/').any(|s| s == "." || s == "..") || decoded.contains('\\') {
        return bad("holds a . or .. segment");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_under_the_base_url() {
        for ok in ["/devices", "/messages/abc?x=1", "/chat/1/chats/1%40c.us"] {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "devices",
            "//evil.example/x",
            "/a/../b",
            "/a/%2e%2e/b",
            "/a b",
            "/a\\b",
            "/a#b",
            "/a\r\nHost: x",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }
}
