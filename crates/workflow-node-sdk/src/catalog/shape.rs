//! The item a plain operation's 2xx answer becomes.

use serde_json::{Map, Value};

use super::Shape;
use super::check::{Checked, Val};
use crate::error::{NodeError, Result};
use crate::http::Reply;
use crate::item::Output;

/// The item for `checked`'s answer `reply` ([`Shape::PassThrough`]; a
/// custom shape is the node's). An empty body gives just the echoed fields.
pub fn pass_through(checked: &Checked, reply: &Reply, api_name: &str) -> Result<Output> {
    let (echo, operation) = match checked.op.shape {
        Shape::PassThrough { echo, operation } => (echo, operation),
        Shape::Each | Shape::File { .. } | Shape::Custom(_) => (&[][..], false),
    };
    let mut json = if reply.body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(&reply.body) {
            Ok(Value::Object(map)) => map,
            Ok(other) => {
                let mut map = Map::new();
                map.insert("data".into(), other);
                map
            }
            Err(_) => {
                return Err(NodeError::service(format!(
                    "The {api_name}'s answer to {} is not JSON (Content-Type: {}). Check that the Base URL points at the {api_name}.",
                    checked.op.name,
                    reply.content_type.as_deref().unwrap_or("none")
                ))
                .with_status(reply.status));
            }
        }
    };
    for name in echo {
        if let Val::Text(text) = checked.get(name) {
            json.entry(*name).or_insert_with(|| text.as_str().into());
        }
    }
    if operation {
        json.entry("operation")
            .or_insert_with(|| checked.op.value.into());
    }
    Ok(Output {
        json,
        binary: Vec::new(),
    })
}
