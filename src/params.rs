//! Reading and checking an item's parameters, before any request is made.
//! The readers every operation shares live here; each operation picks the
//! ones it needs ([`crate::operations`] has the list).
//!
//! What is accepted with a normalisation and what is refused:
//! - `resource` / `operation`: missing or null means the default (WhatsApp
//!   session, Scan QR); any other value is refused, naming the known ones.
//! - `device`: text; surrounding spaces are trimmed; empty, `.` and `..` are
//!   refused; so is an id longer than [`MAX_DEVICE_ID_BYTES`]. Anything else
//!   is sent as one percent-encoded path segment.
//! - destructive flags (`force`, `deleteData`, `emptyQueue`): a JSON boolean;
//!   missing or null means `false`. Text such as `"true"` is refused: they
//!   destroy data or a session, so they are never guessed. Other flags
//!   (`wait`, `sync`) also take the text `true` / `false`.
//! - `encoding`: one of the six values, in any letter case and with spaces
//!   trimmed; missing or null means `svg`; anything else is refused.
//! - `options`: a collection of the operation's own options; unknown names
//!   are refused. Durations are whole milliseconds within a range.
//! - `phone`: E.164, `+` and 8 to 15 digits, surrounding spaces trimmed.

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
    /// The request timeout (Scan QR) or the wait (Scan QR and wait), inside `options`.
    pub const TIMEOUT: &str = "timeout";
    /// How often Scan QR and wait asks for the link state, inside `options`.
    pub const POLL_INTERVAL: &str = "pollInterval";
    /// Answer only once the session is available (Start device), also in `options`.
    pub const WAIT: &str = "wait";
    /// Delete the number's stored data (Reset device), inside `options`.
    pub const DELETE_DATA: &str = "deleteData";
    /// Delete queued messages (Reset device), inside `options`.
    pub const EMPTY_QUEUE: &str = "emptyQueue";
    /// Sync after reboot (Reboot device), inside `options`.
    pub const SYNC: &str = "sync";
    /// The phone number an authentication code is for.
    pub const PHONE: &str = "phone";
}

/// The one resource: WhatsApp session.
pub const RESOURCE_SESSION: &str = "whatsappSession";
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

/// Reads the parameters of one Scan QR item (a JSON object, as text).
pub fn read_scan_qr(parameters: &str) -> Result<ScanQr> {
    let params = parse_object(parameters)?;
    check_resource(&params)?;
    crate::operations::check_is(&params, crate::operations::Operation::ScanQr)?;
    scan_qr_from(&params)
}

/// The Scan QR parameters in `params` (resource and operation already read).
pub fn scan_qr_from(params: &Map<String, Value>) -> Result<ScanQr> {
    let options = read_options(params, &[name::TIMEOUT])?;
    Ok(ScanQr {
        device: read_device(params)?,
        force: read_force(params)?,
        encoding: read_encoding(params)?,
        timeout: read_ms(
            &options,
            name::TIMEOUT,
            "Timeout",
            1,
            MAX_TIMEOUT_MS,
            DEFAULT_TIMEOUT_MS,
        )?,
    })
}

/// An item's parameters, which must be a JSON object.
pub fn parse_object(parameters: &str) -> Result<Map<String, Value>> {
    let value: Value = serde_json::from_str(parameters).map_err(|e| {
        NodeError::invalid_parameter(format!(
            "The item's parameters are not valid JSON ({e}); the host must pass a JSON object."
        ))
    })?;
    match value {
        Value::Object(params) => Ok(params),
        other => Err(NodeError::invalid_parameter(format!(
            "The item's parameters must be a JSON object, not {}.",
            describe_value(&other)
        ))),
    }
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

/// `resource`: missing, null or the one resource.
pub fn check_resource(params: &Map<String, Value>) -> Result<()> {
    match params.get(name::RESOURCE) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if s == RESOURCE_SESSION => Ok(()),
        Some(other) => Err(NodeError::invalid_parameter(format!(
            "Resource {} is not known; this node offers '{RESOURCE_SESSION}'.",
            describe_value(other)
        ))),
    }
}

/// `device`: required text, checked by [`DeviceId::parse`].
pub fn read_device(params: &Map<String, Value>) -> Result<DeviceId> {
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

/// `force` (Force New QR): a destructive flag.
pub fn read_force(params: &Map<String, Value>) -> Result<bool> {
    read_flag(
        params,
        name::FORCE,
        "Force New QR",
        Strictness::Destructive("it destroys the current session"),
    )
}

/// How a flag's value is read.
#[derive(Debug, Clone, Copy)]
pub enum Strictness {
    /// Only a JSON boolean; the text says what the flag destroys.
    Destructive(&'static str),
    /// A JSON boolean, or the text `true` / `false`.
    Lenient,
}

/// A flag `key` of `params` (labelled `label` in messages); missing or null is `false`.
pub fn read_flag(
    params: &Map<String, Value>,
    key: &str,
    label: &str,
    strictness: Strictness,
) -> Result<bool> {
    match (params.get(key), strictness) {
        (None | Some(Value::Null), _) => Ok(false),
        (Some(Value::Bool(b)), _) => Ok(*b),
        (Some(Value::String(s)), Strictness::Lenient) if s.trim().eq_ignore_ascii_case("true") => {
            Ok(true)
        }
        (Some(Value::String(s)), Strictness::Lenient) if s.trim().eq_ignore_ascii_case("false") => {
            Ok(false)
        }
        (Some(other), Strictness::Destructive(why)) => Err(NodeError::invalid_parameter(format!(
            "{label} must be true or false, not {}. It {why}, so the node does not guess: use a boolean expression such as {{{{ true }}}}.",
            describe_value(other),
        ))),
        (Some(other), Strictness::Lenient) => Err(NodeError::invalid_parameter(format!(
            "{label} must be true or false, not {}.",
            describe_value(other)
        ))),
    }
}

/// `encoding`: one of the six, any case; missing or null is SVG.
pub fn read_encoding(params: &Map<String, Value>) -> Result<Encoding> {
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

/// The `options` collection, whose names must all be in `allowed`; missing or null is empty.
pub fn read_options(params: &Map<String, Value>, allowed: &[&str]) -> Result<Map<String, Value>> {
    let options = match params.get(name::OPTIONS) {
        None | Some(Value::Null) => return Ok(Map::new()),
        Some(Value::Object(options)) => options,
        Some(other) => {
            return Err(NodeError::invalid_parameter(format!(
                "Options must be a collection (a JSON object), not {}.",
                describe_value(other)
            )));
        }
    };
    if let Some(unknown) = options.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(NodeError::invalid_parameter(format!(
            "Option '{}' is not known; this operation's options are: {}.",
            truncate(unknown, 40),
            if allowed.is_empty() {
                "none".to_string()
            } else {
                allowed.join(", ")
            }
        )));
    }
    Ok(options.clone())
}

/// A duration option `key` in whole milliseconds from `min` to `max`; missing or null is `default`.
pub fn read_ms(
    options: &Map<String, Value>,
    key: &str,
    label: &str,
    min: u64,
    max: u64,
    default: u64,
) -> Result<Duration> {
    let out_of_range = || {
        NodeError::invalid_parameter(format!(
            "{label} must be a whole number of milliseconds from {min} to {max}."
        ))
    };
    match options.get(key) {
        None | Some(Value::Null) => Ok(Duration::from_millis(default)),
        Some(Value::Number(n)) => {
            let ms = n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                        .map(|f| f as u64)
                })
                .filter(|ms| (min..=max).contains(ms))
                .ok_or_else(out_of_range)?;
            Ok(Duration::from_millis(ms))
        }
        Some(_) => Err(out_of_range()),
    }
}

/// A phone number in E.164: `+` and 8 to 15 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Checks `raw` (surrounding spaces trimmed).
    pub fn parse(raw: &str) -> Result<Self> {
        let phone = raw.trim();
        let digits = phone.strip_prefix('+').unwrap_or_default();
        if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Phone(phone.to_string()))
        } else {
            Err(NodeError::invalid_parameter(format!(
                "Phone Number '{}' is not in international (E.164) form: write '+', the country code and the number, 8 to 15 digits in all, with no spaces or dashes, such as +16001234560.",
                truncate(phone, 40)
            )))
        }
    }

    /// The number, as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `phone`: optional (missing, null or empty means none), E.164 otherwise.
pub fn read_phone(params: &Map<String, Value>) -> Result<Option<Phone>> {
    match params.get(name::PHONE) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Phone::parse(s).map(Some),
        Some(other) => Err(NodeError::invalid_parameter(format!(
            "Phone Number must be text such as +16001234560, not {}.",
            describe_value(other)
        ))),
    }
}

/// A short, safe description of a JSON value for an error message.
pub fn describe_value(value: &Value) -> String {
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
