//! A catalog seen from the server's side, for mocks of the API: which
//! operations an incoming request can be, and whether what it carries is
//! what those operations send (so a mock validates requests from the same
//! entries the node builds them from).

use serde_json::Value;

use super::check::{Val, read};
use super::{Body, Catalog, Kind, Operation, Paging, Param, Rule, Send, To};
use crate::params::Phone;

/// The operations one request can be, and its path's values.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The operations of that method and path (several share one, such as
    /// every send on `POST /messages`).
    pub ops: Vec<&'static Operation>,
    /// The values of the path's `{name}` segments, decoded.
    pub path_values: Vec<(&'static str, String)>,
}

impl Endpoint {
    /// The value of the path segment `{name}`.
    pub fn path_value(&self, name: &str) -> Option<&str> {
        self.path_values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Where a request lands.
#[derive(Debug, Clone)]
pub enum Routed {
    /// On these operations.
    Found(Endpoint),
    /// On a known path, with a method none of its operations uses.
    MethodNotAllowed,
    /// On no operation's path.
    NotFound,
}

/// Routes `method` and the decoded `segments` of a path (under the Base
/// URL's prefix) to the catalog's operations.
pub fn route(catalog: &Catalog, method: &str, segments: &[String]) -> Routed {
    let mut path_known = false;
    let mut found: Option<Endpoint> = None;
    for op in catalog.operations {
        let Some(values) = match_path(op.path, segments) else {
            continue;
        };
        path_known = true;
        if op.method.as_str() != method {
            continue;
        }
        match &mut found {
            Some(endpoint) => endpoint.ops.push(op),
            None => {
                found = Some(Endpoint {
                    ops: vec![op],
                    path_values: values,
                })
            }
        }
    }
    match (found, path_known) {
        (Some(endpoint), _) => Routed::Found(endpoint),
        (None, true) => Routed::MethodNotAllowed,
        (None, false) => Routed::NotFound,
    }
}

fn match_path(template: &'static str, segments: &[String]) -> Option<Vec<(&'static str, String)>> {
    let parts: Vec<&'static str> = template.split('/').filter(|s| !s.is_empty()).collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut values = Vec::new();
    for (part, segment) in parts.iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => values.push((name, segment.clone())),
            Some(_) => return None,
            None if part == segment => {}
            None => return None,
        }
    }
    Some(values)
}

/// Checks the decoded `query` and the `body` of a request that landed on
/// `endpoint`: it must be what one of its operations sends. The error says
/// what is wrong, as an API's 400 would.
pub fn validate(
    endpoint: &Endpoint,
    query: &[(String, String)],
    body: &[u8],
) -> Result<(), String> {
    let mut first_error = None;
    for op in &endpoint.ops {
        match validate_op(op, query, body) {
            Ok(()) => return Ok(()),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| "no operation takes this request".into()))
}

fn validate_op(op: &Operation, query: &[(String, String)], body: &[u8]) -> Result<(), String> {
    let paging_keys: &[&str] = match op.paging {
        Paging::None => &[],
        Paging::Pages { .. } => &["page", "size"],
        Paging::Skip { .. } => &["skip", "size"],
    };
    for (key, value) in query {
        if paging_keys.contains(&key.as_str()) {
            if value.parse::<u64>().is_err() {
                return Err(format!("query parameter '{key}' must be a whole number"));
            }
            if key == "size" && value.parse::<u64>().ok() > op.paging.max_size().map(u64::from) {
                return Err(format!(
                    "query parameter 'size' is at most {}",
                    op.paging.max_size().unwrap_or(0)
                ));
            }
            continue;
        }
        let param = op
            .params
            .iter()
            .find(|p| matches!(p.to, To::Query { key: k, .. } if k == key))
            .ok_or_else(|| format!("unknown query parameter '{key}'"))?;
        check_wire(param, &Value::String(value.clone()), true)
            .map_err(|e| format!("query parameter '{key}': {e}"))?;
    }
    for param in op.params {
        if let To::Query {
            key,
            send: Send::Always,
        } = param.to
            && !query.iter().any(|(k, _)| k == key)
        {
            return Err(format!("query parameter '{key}' is required"));
        }
    }
    let empty = body.iter().all(u8::is_ascii_whitespace);
    if let Some(root) = op.params.iter().find(|p| p.to == To::Root) {
        if empty {
            return if root.required {
                Err("a JSON array body is required".into())
            } else {
                Ok(())
            };
        }
        let value: Value =
            serde_json::from_slice(body).map_err(|_| "the body is not JSON".to_string())?;
        return check_wire(root, &value, false).map_err(|e| format!("the body {e}"));
    }
    let body_params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| matches!(p.to, To::Body { .. }))
        .collect();
    if empty {
        return match (op.body, body_params.iter().find(|p| p.required)) {
            (_, Some(p)) => Err(format!("body field '{}' is required", p.name)),
            (Body::Object, None) => Err("a JSON object body is required".into()),
            (Body::None, None) => Ok(()),
        };
    }
    if op.body == Body::None && body_params.is_empty() {
        return Err("this endpoint takes no body".into());
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|_| "the body is not JSON".to_string())?;
    let Value::Object(_) = value else {
        return Err("the body must be a JSON object".into());
    };
    for key in value.as_object().into_iter().flat_map(|m| m.keys()) {
        let known = body_params.iter().any(|p| match p.to {
            To::Body { pointer } => pointer.split('/').nth(1) == Some(key.as_str()),
            _ => false,
        });
        if !known {
            return Err(format!("unknown body field '{key}'"));
        }
    }
    for param in body_params {
        let To::Body { pointer } = param.to else {
            continue;
        };
        match value.pointer(pointer) {
            None | Some(Value::Null) if param.required => {
                return Err(format!(
                    "body field '{}' is required",
                    pointer.trim_start_matches('/')
                ));
            }
            None | Some(Value::Null) => {}
            Some(v) => check_wire(param, v, false)
                .map_err(|e| format!("body field '{}': {e}", pointer.trim_start_matches('/')))?,
        }
    }
    check_rules(op, query, &value)
}

/// The catalog's rules across parameters, on what arrived.
fn check_rules(op: &Operation, query: &[(String, String)], body: &Value) -> Result<(), String> {
    let present = |name: &str| {
        op.param(name).is_some_and(|p| match p.to {
            To::Query { key, .. } => query.iter().any(|(k, _)| k == key),
            To::Body { pointer } => !matches!(body.pointer(pointer), None | Some(Value::Null)),
            To::Path | To::Root | To::Header { .. } => true,
            // Read by the node only: what it became is what the rule sees.
            To::Local => false,
        })
    };
    for rule in op.rules {
        match rule {
            Rule::ExactlyOne(names) if names.iter().filter(|n| present(n)).count() != 1 => {
                return Err(format!("exactly one of {} is required", names.join(", ")));
            }
            Rule::AtLeastOne(names) if !names.iter().any(|n| present(n)) => {
                return Err(format!("one of {} is required", names.join(", ")));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether `value` is what the node sends for `param` (`in_query`: as query text).
fn check_wire(param: &Param, value: &Value, in_query: bool) -> Result<(), String> {
    let text = value.as_str();
    match (param.kind, value) {
        (Kind::Flag { .. }, Value::Bool(_)) if !in_query => Ok(()),
        (Kind::Flag { .. }, _) if matches!(text, Some("true" | "false")) && in_query => Ok(()),
        (Kind::Flag { .. }, _) => Err("must be true or false".into()),
        (Kind::Choice { choices, .. }, _) => match text {
            Some(t) if choices.iter().any(|c| c.value == t) => Ok(()),
            _ => Err(format!(
                "must be one of: {}",
                choices
                    .iter()
                    .map(|c| c.value)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        (Kind::Millis { .. }, Value::Number(n)) if n.is_u64() && !in_query => Ok(()),
        (Kind::Millis { .. }, _) if text.is_some_and(|t| t.parse::<u64>().is_ok()) => Ok(()),
        (Kind::Millis { .. }, _) => Err("must be a whole number".into()),
        (Kind::Phone, _) => match text {
            Some(t) => Phone::parse(t, param.label)
                .map(|_| ())
                .map_err(|e| e.message),
            None => Err("must be text".into()),
        },
        (Kind::Id { .. } | Kind::Text { .. } | Kind::Binary, _) => match text {
            Some(t) if !t.is_empty() => Ok(()),
            _ => Err("must be non-empty text".into()),
        },
        (Kind::Hex { .. } | Kind::ChatId { .. } | Kind::DateTime, _) => match text {
            Some(t) => read(param, Some(&Value::String(t.into())))
                .map(|_| ())
                .map_err(|e| e.message),
            None => Err("must be text".into()),
        },
        (Kind::Int { .. } | Kind::Decimal { .. }, Value::String(t)) if in_query => {
            match serde_json::from_str::<Value>(t) {
                Ok(n @ Value::Number(_)) => {
                    read(param, Some(&n)).map(|_| ()).map_err(|e| e.message)
                }
                _ => Err("must be a number".into()),
            }
        }
        (Kind::Int { .. } | Kind::Decimal { .. }, v) => {
            read(param, Some(v)).map(|_| ()).map_err(|e| e.message)
        }
        (Kind::Multi { .. } | Kind::List { .. }, Value::String(t)) if in_query => {
            read(param, Some(&Value::String(t.clone())))
                .map(|_| ())
                .map_err(|e| e.message)
        }
        (Kind::Multi { .. } | Kind::List { .. }, Value::Array(_)) if !in_query => {
            read(param, Some(value)).map(|_| ()).map_err(|e| e.message)
        }
        (Kind::Multi { .. } | Kind::List { .. }, _) => Err(if in_query {
            "must be comma-separated text".into()
        } else {
            "must be an array".into()
        }),
        (Kind::Json, Value::Object(_) | Value::Array(_)) => Ok(()),
        (Kind::Json, _) => Err("must be a JSON object or array".into()),
        (
            Kind::Rows {
                fields, min, max, ..
            },
            Value::Array(rows),
        ) if !in_query => {
            if rows.len() < min || rows.len() > max {
                return Err(format!("must hold {min} to {max} entries"));
            }
            for row in rows {
                let Value::Object(_) = row else {
                    return Err("every entry must be an object".into());
                };
                for field in fields {
                    let super::To::Body { pointer } = field.to else {
                        continue;
                    };
                    match row.pointer(pointer) {
                        None | Some(Value::Null) if field.required => {
                            return Err(format!("every entry needs '{}'", field.name));
                        }
                        None | Some(Value::Null) => {}
                        Some(v) => check_wire(field, v, false)
                            .map_err(|e| format!("'{}': {e}", field.name))?,
                    }
                }
            }
            Ok(())
        }
        (Kind::Rows { .. }, _) => Err("must be an array of objects".into()),
    }
}

/// The value a mock reads for `param` from a query value: what the node meant.
pub fn query_value(param: &Param, text: &str) -> Val {
    match param.kind {
        Kind::Flag { .. } => Val::Bool(text == "true"),
        Kind::Millis { .. } => text.parse().map_or(Val::Absent, Val::Millis),
        _ => Val::Text(text.to_string()),
    }
}
