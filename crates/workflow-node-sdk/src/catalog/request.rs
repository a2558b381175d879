//! The request of a checked item, built from its operation's entry.

use serde_json::{Map, Value};

use super::check::{Checked, Val, json_of, text_of};
use super::pointer::set_pointer;
use super::{Body, Send, To};
use crate::error::{NodeError, Result};
use crate::http::{Hints, Reply, Request, status_error};
use crate::node::Context;
use crate::text::truncate;

/// Sends `checked`'s request within the call's deadline; a status other
/// than 2xx becomes the error its operation's wording says.
pub fn send(cx: &Context, checked: &Checked) -> Result<Reply> {
    send_request(cx, checked, request(checked)?)
}

/// Sends `request` (one of `checked`'s) within the call's deadline; a
/// status other than 2xx becomes the error its operation's wording says.
pub fn send_request(cx: &Context, checked: &Checked, mut request: Request) -> Result<Reply> {
    request.timeout = cx.deadline.within(request.timeout)?;
    let reply = cx.client.send(&request)?;
    if reply.is_success() {
        Ok(reply)
    } else {
        Err(status_error(&reply, cx.client.api_name(), &hints(checked)))
    }
}

/// The request `checked` makes.
pub fn request(checked: &Checked) -> Result<Request> {
    let op = checked.op;
    let mut segments = Vec::new();
    for part in op.path.split('/').filter(|s| !s.is_empty()) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => segments.push(
                checked
                    .text(name)
                    .ok_or_else(|| {
                        NodeError::internal(format!(
                            "The path of '{}' names '{name}', which has no value.",
                            op.value
                        ))
                    })?
                    .to_string(),
            ),
            None => segments.push(part.to_string()),
        }
    }
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut body = match op.body {
        Body::Object => Some(Value::Object(Map::new())),
        Body::None => None,
    };
    for (param, (_, value)) in op.params.iter().zip(&checked.values) {
        match (param.to, value) {
            (_, Val::Absent) | (To::Path | To::Local, _) => {}
            (To::Query { key, send }, value) => {
                let text = match (send, value) {
                    (Send::WhenTrue, Val::Bool(true)) => Some("true".to_string()),
                    (Send::WhenTrue, _) => None,
                    (Send::Always | Send::WhenSet, value) => Some(text_of(value)),
                };
                if let Some(text) = text {
                    query.push((key.to_string(), text));
                }
            }
            (To::Header { name }, value) => headers.push((name.to_string(), text_of(value))),
            (To::Root, value) => body = json_of(value),
            (To::Body { pointer }, value) => {
                let root = body.get_or_insert_with(|| Value::Object(Map::new()));
                if let Some(json) = json_of(value) {
                    set_pointer(root, pointer, json);
                }
            }
        }
    }
    Ok(Request {
        method: op.method,
        segments,
        raw_path: None,
        query,
        headers,
        body,
        upload: None,
        max_body_bytes: matches!(op.shape, super::Shape::File { .. })
            .then_some(crate::http::MAX_FILE_BYTES),
        timeout: checked.timeout,
    })
}

/// The wording of `checked`'s errors, its parameters filled in.
pub fn hints(checked: &Checked) -> Hints {
    let fill = |template: &str| {
        let mut out = template.to_string();
        for (name, value) in &checked.values {
            if let Val::Text(text) = value {
                out = out.replace(&format!("{{{name}}}"), &truncate(text, 64));
            }
        }
        out
    };
    Hints {
        not_found: checked
            .op
            .wording
            .not_found
            .map(|(what, fix)| (fill(what), fill(fix))),
        conflict: checked.op.wording.conflict.map(fill),
    }
}
