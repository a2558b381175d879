//! Reading and checking an item's parameters, before any request is made.
//!
//! What is accepted with a normalisation and what is refused:
//! - `resource` / `operation`: missing or null means the default (the only
//!   operation); any other value is refused, naming the known ones.
//! - `device`: text; surrounding spaces are trimmed; empty, `.` and `..` are
//!   refused; so is an id longer than [`MAX_DEVICE_ID_BYTES`]. Anything else
//!   is sent as one percent-encoded path segment.
//! - `force`: a JSON boolean; missing or null means `false`. Text such as
//!   `"true"` is refused: the flag destroys a session, so it is never guessed.
//! - `encoding`: one of the six values, in any letter case and with spaces
//!   trimmed; missing or null means `svg`; anything else is refused.
//! - `options.timeout`: milliseconds, an integer from 1 to [`MAX_TIMEOUT_MS`];
//!   missing means [`DEFAULT_TIMEOUT_MS`]. Unknown options are refused.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::error::{NodeError, Result};

/// The names of the node's parameters.
pub mod name {
    /// The resource selector.
    pub const RESOURCE: &str = "resource";
    /// The operation selector.
    pub const OPERATION: &str = "operation";
    /// The WhatsApp number (device id).
    pub const DEVICE: &str = "device";
    /// Force a new QR.
    pub const FORCE: &str = "force";
    /// The QR encoding.
    pub const ENCODING: &str = "encoding";
    /// The options collection.
    pub const OPTIONS: &str = "options";
    /// The request timeout, inside `options`.
    pub const TIMEOUT: &str = "timeout";
}

/// The one resource: WhatsApp session.
pub const RESOURCE_SESSION: &str = "whatsappSession";
/// The one operation: Scan QR.
pub const OPERATION_SCAN_QR: &str = "scanQr";
/// The request timeout when the options leave it out.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// The longest request timeout accepted (ten minutes).
pub const MAX_TIMEOUT_MS: u64 = 600_000;
/// The longest device id accepted, in bytes of UTF-8.
pub const MAX_DEVICE_ID_BYTES: usize = 10_240;

/// The encodings the scan endpoint offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// An SVG document.
    Svg,
    /// The raw payload and its metadata, as JSON.
    Json,
    /// PNG bytes in base64.
    Base64,
    /// PNG bytes as a `data:` URI.
    Base64Uri,
    /// The raw QR payload text.
    Uri,
    /// PNG bytes.
    Image,
}

impl Encoding {
    /// Every encoding, in the order the form lists them.
    pub const ALL: [Encoding; 6] = [
        Encoding::Svg,
        Encoding::Json,
        Encoding::Base64,
        Encoding::Base64Uri,
        Encoding::Uri,
        Encoding::Image,
    ];

    /// The value the API and the parameter use.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Svg => "svg",
            Encoding::Json => "json",
            Encoding::Base64 => "base64",
            Encoding::Base64Uri => "base64_uri",
            Encoding::Uri => "uri",
            Encoding::Image => "image",
        }
    }

    /// The label the form shows.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Svg => "SVG",
            Encoding::Json => "JSON",
            Encoding::Base64 => "Base64",
            Encoding::Base64Uri => "Base64 URI",
            Encoding::Uri => "URI",
            Encoding::Image => "Image",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        let wanted = raw.trim();
        Self::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(wanted))
    }
}

/// A device id: checked, trimmed, opaque.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceId(String);

impl DeviceId {
    /// Checks and trims `raw`.
    pub fn parse(raw: &str) -> Result<Self> {
        let id = raw.trim();
        if id.is_empty() {
            return Err(NodeError::invalid_parameter(
                "WhatsApp Number is empty. Pick a number from the list, or give its device ID.",
            ));
        }
        if id == "." || id == ".." {
            return Err(NodeError::invalid_parameter(format!(
                "WhatsApp Number '{id}' is not a device ID. Pick a number from the list."
            )));
        }
        if id.len() > MAX_DEVICE_ID_BYTES {
            return Err(NodeError::invalid_parameter(format!(
                "WhatsApp Number is {} bytes long; device IDs are short (24 characters), and at most {MAX_DEVICE_ID_BYTES} bytes are accepted. Pick a number from the list.",
                id.len()
            )));
        }
        Ok(DeviceId(id.to_string()))
    }

    /// The id as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The checked parameters of one Scan QR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanQr {
    /// The WhatsApp number to link.
    pub device: DeviceId,
    /// Destroy the current session and issue a fresh QR.
    pub force: bool,
    /// How the QR comes back.
    pub encoding: Encoding,
    /// How long the request may take.
    pub timeout: Duration,
}

/// Reads the parameters (a JSON object, as text) of one item.
pub fn read_scan_qr(parameters: &str) -> Result<ScanQr> {
    let value: Value = serde_json::from_str(parameters).map_err(|e| {
        NodeError::invalid_parameter(format!(
            "The item's parameters are not valid JSON ({e}); the host must pass a JSON object."
        ))
    })?;
    let Value::Object(params) = value else {
        return Err(NodeError::invalid_parameter(format!(
            "The item's parameters must be a JSON object, not {}.",
            describe_value(&value)
        )));
    };
    check_selector(&params, name::RESOURCE, "Resource", RESOURCE_SESSION)?;
    check_selector(&params, name::OPERATION, "Operation", OPERATION_SCAN_QR)?;
    Ok(ScanQr {
        device: read_device(&params)?,
        force: read_force(&params)?,
        encoding: read_encoding(&params)?,
        timeout: read_options(&params)?,
    })
}

/// Reads the parameters of `load-options`; only a JSON object is accepted.
pub fn read_form(parameters: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str(parameters) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(NodeError::invalid_parameter(
            "The form's current parameters must be a JSON object.",
        )),
    }
}

fn check_selector(params: &Map<String, Value>, key: &str, label: &str, only: &str) -> Result<()> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if s == only => Ok(()),
        Some(other) => Err(NodeError::invalid_parameter(format!(
            "{label} {} is not known; this node offers '{only}'.",
            describe_value(other)
        ))),
    }
}

fn read_device(params: &Map<String, Value>) -> Result<DeviceId> {
    match params.get(name::DEVICE) {
        None | Some(Value::Null) => Err(NodeError::invalid_parameter(
            "WhatsApp Number is missing. Pick a number from the list, or give its device ID.",
        )),
        Some(Value::String(s)) => DeviceId::parse(s),
        Some(other) => Err(NodeError::invalid_parameter(format!(
            "WhatsApp Number must be a device ID (text), not {}.",
            describe_value(other)
        ))),
    }
}

fn read_force(params: &Map<String, Value>) -> Result<bool> {
    match params.get(name::FORCE) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(NodeError::invalid_parameter(format!(
            "Force New QR must be true or false, not {}. It destroys the current session, so the node does not guess: use a boolean expression such as {{{{ true }}}}.",
            describe_value(other)
        ))),
    }
}

fn read_encoding(params: &Map<String, Value>) -> Result<Encoding> {
    let known = || {
        Encoding::ALL
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match params.get(name::ENCODING) {
        None | Some(Value::Null) => Ok(Encoding::Svg),
        Some(Value::String(s)) => Encoding::parse(s).ok_or_else(|| {
            NodeError::invalid_parameter(format!(
                "QR Encoding '{}' is not known; use one of: {}.",
                truncate(s, 40),
                known()
            ))
        }),
        Some(other) => Err(NodeError::invalid_parameter(format!(
            "QR Encoding must be text, one of: {}; not {}.",
            known(),
            describe_value(other)
        ))),
    }
}

fn read_options(params: &Map<String, Value>) -> Result<Duration> {
    let default = Duration::from_millis(DEFAULT_TIMEOUT_MS);
    let options = match params.get(name::OPTIONS) {
        None | Some(Value::Null) => return Ok(default),
        Some(Value::Object(options)) => options,
        Some(other) => {
            return Err(NodeError::invalid_parameter(format!(
                "Options must be a collection (a JSON object), not {}.",
                describe_value(other)
            )));
        }
    };
    if let Some(unknown) = options.keys().find(|k| k.as_str() != name::TIMEOUT) {
        return Err(NodeError::invalid_parameter(format!(
            "Option '{}' is not known; this node's options are: {}.",
            truncate(unknown, 40),
            name::TIMEOUT
        )));
    }
    let out_of_range = || {
        NodeError::invalid_parameter(format!(
            "Timeout must be a whole number of milliseconds from 1 to {MAX_TIMEOUT_MS}."
        ))
    };
    match options.get(name::TIMEOUT) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(n)) => {
            let ms = n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                        .map(|f| f as u64)
                })
                .filter(|ms| (1..=MAX_TIMEOUT_MS).contains(ms))
                .ok_or_else(out_of_range)?;
            Ok(Duration::from_millis(ms))
        }
        Some(_) => Err(out_of_range()),
    }
}

/// A short, safe description of a JSON value for an error message.
fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text '{}'", truncate(s, 40)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// At most `max` characters of `s`, with an ellipsis when cut; control
/// characters are shown escaped so a message stays on one line.
pub fn truncate(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).flat_map(char::escape_debug).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
#[path = "params_tests.rs"]
mod tests;
