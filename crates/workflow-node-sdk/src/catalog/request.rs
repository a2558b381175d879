//! The request of a checked item, built from its operation's entry.

use serde_json::{Map, Value};

use super::check::{Checked, Val};
use super::{Body, Send, To};
use crate::error::{NodeError, Result};
use crate::http::{Hints, Reply, Request, status_error};
use crate::node::Context;
use crate::text::truncate;

/// Sends `checked`'s request within the call's deadline; a status other
/// than 2xx becomes the error its operation's wording says.
pub fn send(cx: &Context, checked: &Checked) -> Result<Reply> {
    let mut request = request(checked)?;
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
            (To::Body { pointer }, value) => {
                let root = body.get_or_insert_with(|| Value::Object(Map::new()));
                set_pointer(root, pointer, json_of(value));
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

fn text_of(value: &Val) -> String {
    match value {
        Val::Text(t) => t.clone(),
        Val::Bool(b) => b.to_string(),
        Val::Millis(ms) => ms.to_string(),
        Val::Absent => String::new(),
    }
}

fn json_of(value: &Val) -> Value {
    match value {
        Val::Text(t) => Value::String(t.clone()),
        Val::Bool(b) => Value::Bool(*b),
        Val::Millis(ms) => Value::from(*ms),
        Val::Absent => Value::Null,
    }
}

/// Sets `value` at the JSON `pointer` of `root`, making objects on the way.
fn set_pointer(root: &mut Value, pointer: &str, value: Value) {
    let mut at = root;
    let mut parts = pointer.split('/').skip(1).peekable();
    while let Some(part) = parts.next() {
        let key = part.replace("~1", "/").replace("~0", "~");
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        if parts.peek().is_none() {
            map.insert(key, value);
            return;
        }
        at = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_make_their_objects() {
        let mut root = json!({});
        set_pointer(&mut root, "/a/b", json!(1));
        set_pointer(&mut root, "/c", json!("x"));
        set_pointer(&mut root, "/a/d~1e", json!(true));
        assert_eq!(root, json!({"a": {"b": 1, "d/e": true}, "c": "x"}));
    }
}
