//! `execute`: every item's parameters are checked first, then each valid item
//! is scanned in order. Without continue-on-fail, a bad parameter anywhere
//! stops the call before any request is made (so no session is forced for a
//! batch that would fail anyway), and the first failing request ends it.

use serde_json::{Map, Value};

use crate::api::Api;
use crate::credentials::{ApiKey, Credentials};
use crate::error::{NodeError, Result};
use crate::params::{self, ScanQr};
use crate::scan::{self, Binary};

/// One input item, as the node reads it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The item's JSON (must be an object; its content is not used by Scan QR).
    pub json: &'a str,
    /// The item's parameters, a JSON object.
    pub parameters: &'a str,
}

/// One output item, already scrubbed of the API key.
#[derive(Debug, Clone, PartialEq)]
pub struct Produced {
    /// The index of the input item it comes from.
    pub paired_item: u32,
    /// The JSON object, as text.
    pub json: String,
    /// Its files.
    pub binary: Vec<Binary>,
    /// With continue-on-fail: the error the item failed with.
    pub error: Option<NodeError>,
}

/// Runs Scan QR over `items` with the credential `credentials` (its JSON data).
pub fn execute(
    credentials: &str,
    items: &[Input<'_>],
    continue_on_fail: bool,
) -> Result<Vec<Produced>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let credentials = match Credentials::parse(credentials) {
        Ok(c) => c,
        Err(e) if continue_on_fail => {
            return Ok(indexes(items)
                .map(|i| failed(i, e.clone().for_item(i), None))
                .collect());
        }
        Err(e) => return Err(e),
    };
    let checked: Vec<Result<ScanQr>> = items.iter().map(check).collect();
    if !continue_on_fail
        && let Some((i, Err(e))) = indexes(items).zip(&checked).find(|(_, c)| c.is_err())
    {
        return Err(e.clone().for_item(i));
    }
    let api = Api::new(&credentials);
    let key = api.key();
    let mut produced = Vec::with_capacity(items.len());
    for (i, params) in indexes(items).zip(checked) {
        match params.and_then(|p| scan::run(&api, &p)) {
            Ok(output) => produced.push(Produced {
                paired_item: i,
                json: key.redact(&Value::Object(output.json).to_string()),
                binary: output.binary,
                error: None,
            }),
            Err(e) if continue_on_fail => produced.push(failed(i, e.for_item(i), Some(key))),
            Err(e) => return Err(key.scrub(e.for_item(i))),
        }
    }
    Ok(produced)
}

fn indexes(items: &[Input<'_>]) -> impl Iterator<Item = u32> {
    // WIT lists are indexed by u32; a host cannot pass more items than that.
    (0..items.len()).map(|i| u32::try_from(i).unwrap_or(u32::MAX))
}

fn check(item: &Input<'_>) -> Result<ScanQr> {
    match serde_json::from_str::<Value>(item.json) {
        Ok(Value::Object(_)) => params::read_scan_qr(item.parameters),
        _ => Err(NodeError::invalid_parameter(
            "The item's JSON must be an object; the host passed something else.",
        )),
    }
}

/// The output item that stands for a failed input item: n8n's shape,
/// `{"error": message}`, with the kind and details beside it.
fn failed(index: u32, error: NodeError, key: Option<&ApiKey>) -> Produced {
    let error = match key {
        Some(key) => key.scrub(error),
        None => error,
    };
    let mut json = Map::new();
    json.insert("error".into(), error.message.clone().into());
    json.insert("errorKind".into(), error.kind.as_str().into());
    if let Some(description) = &error.description {
        json.insert("description".into(), description.clone().into());
    }
    if let Some(status) = error.http_status {
        json.insert("httpStatus".into(), status.into());
    }
    if let Some(seconds) = error.retry_after_seconds {
        json.insert("retryAfterSeconds".into(), seconds.into());
    }
    Produced {
        paired_item: index,
        json: Value::Object(json).to_string(),
        binary: Vec::new(),
        error: Some(error),
    }
}
