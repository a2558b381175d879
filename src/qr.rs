//! Scan QR's shaping: the API's answer, in any of the six encodings,
//! becomes one output item (JSON plus, for image encodings, a `qr` file).

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use sparkbot_catalog::QR_BINARY_KEY;
use sparkbot_catalog::session::ENCODINGS;
use workflow_node_sdk::catalog::check::Checked;
use workflow_node_sdk::http::Reply;
use workflow_node_sdk::{Binary, NodeError, Output, Result};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const SVG_MIME: &str = "image/svg+xml";
const PNG_MIME: &str = "image/png";

/// The encodings the scan endpoint offers, as the shaping treats them.
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
    /// Every encoding, in the catalog's order (a test holds them to it).
    pub const ALL: [Encoding; 6] = [
        Encoding::Svg,
        Encoding::Json,
        Encoding::Base64,
        Encoding::Base64Uri,
        Encoding::Uri,
        Encoding::Image,
    ];

    /// The value the API and the parameter use: the catalog's.
    pub fn as_str(self) -> &'static str {
        let index = Self::ALL.iter().position(|e| *e == self).unwrap_or(0);
        ENCODINGS.get(index).map_or("svg", |c| c.value)
    }

    /// The encoding whose value is `value`.
    pub fn from_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == value)
    }
}

/// The checked parameters of one scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanQr {
    /// The WhatsApp number's device id.
    pub device: String,
    /// Destroy the current session and issue a fresh QR.
    pub force: bool,
    /// How the QR comes back.
    pub encoding: Encoding,
    /// How long the request may take.
    pub timeout: Duration,
}

impl ScanQr {
    /// The scan an item checked against Scan QR (or Scan QR and wait) asks for.
    pub fn from_checked(checked: &Checked) -> Result<Self> {
        let encoding = checked
            .text("encoding")
            .and_then(Encoding::from_value)
            .ok_or_else(|| {
                NodeError::internal("The checked encoding is not one the shaping knows.")
            })?;
        Ok(ScanQr {
            device: checked.text("device").unwrap_or_default().to_string(),
            force: checked.flag("force"),
            encoding,
            timeout: checked.timeout,
        })
    }
}

/// Turns a 2xx answer into the output item for `params`.
pub fn shape(params: &ScanQr, reply: &Reply) -> Result<Output> {
    shape_body(params, reply).map_err(|e| e.with_status(reply.status))
}

fn shape_body(params: &ScanQr, reply: &Reply) -> Result<Output> {
    let mut json = Map::new();
    json.insert("device".into(), params.device.as_str().into());
    json.insert("encoding".into(), params.encoding.as_str().into());
    json.insert("forced".into(), params.force.into());
    let json_body = is_json(reply);
    let mut binary = Vec::new();
    match params.encoding {
        Encoding::Svg => {
            let svg = if json_body {
                data_field(reply, params.encoding, &mut json)?
            } else {
                String::from_utf8(reply.body.clone())
                    .map_err(|_| unreadable(params.encoding, "is not UTF-8 text"))?
            };
            if !svg.trim_start().starts_with('<') || !svg.contains("<svg") {
                return Err(unreadable(params.encoding, "is not an SVG document"));
            }
            binary.push(file(params, svg.as_bytes().to_vec(), SVG_MIME, "svg"));
            json.insert("mimeType".into(), SVG_MIME.into());
            json.insert("data".into(), svg.into());
        }
        Encoding::Image => {
            let png = if json_body {
                let data = data_field(reply, params.encoding, &mut json)?;
                decode_base64(&data, params.encoding)?
            } else {
                reply.body.clone()
            };
            binary.push(file(
                params,
                checked_png(png, params.encoding)?,
                PNG_MIME,
                "png",
            ));
            json.insert("mimeType".into(), PNG_MIME.into());
        }
        Encoding::Base64 => {
            let data = data_field(reply, params.encoding, &mut json)?;
            let png = checked_png(decode_base64(&data, params.encoding)?, params.encoding)?;
            binary.push(file(params, png, PNG_MIME, "png"));
            json.insert("mimeType".into(), PNG_MIME.into());
            json.insert("data".into(), data.into());
        }
        Encoding::Base64Uri => {
            let data = data_field(reply, params.encoding, &mut json)?;
            let payload = data
                .strip_prefix("data:")
                .and_then(|rest| rest.split_once(";base64,"))
                .map(|(_, b64)| b64)
                .ok_or_else(|| unreadable(params.encoding, "is not a data:…;base64, URI"))?;
            let png = checked_png(decode_base64(payload, params.encoding)?, params.encoding)?;
            binary.push(file(params, png, PNG_MIME, "png"));
            json.insert("mimeType".into(), PNG_MIME.into());
            json.insert("data".into(), data.into());
        }
        Encoding::Uri | Encoding::Json => {
            let data = data_field(reply, params.encoding, &mut json)?;
            json.insert("mimeType".into(), "text/plain".into());
            json.insert("data".into(), data.into());
        }
    }
    Ok(Output { json, binary })
}

fn is_json(reply: &Reply) -> bool {
    match reply.content_type.as_deref() {
        Some(ct) => ct == "application/json" || ct.ends_with("+json"),
        // No Content-Type: look at the body itself.
        None => reply.body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
    }
}

/// The `data` text of a JSON answer; every other field of the answer is
/// passed through into `out`, without overwriting what the node set.
fn data_field(reply: &Reply, encoding: Encoding, out: &mut Map<String, Value>) -> Result<String> {
    let value: Value = serde_json::from_slice(&reply.body)
        .map_err(|_| unreadable(encoding, "is not valid JSON"))?;
    let Value::Object(fields) = value else {
        return Err(unreadable(encoding, "is not a JSON object"));
    };
    let mut data = None;
    for (name, value) in fields {
        if name == "data" {
            data = Some(value);
        } else if !out.contains_key(&name) {
            out.insert(name, value);
        }
    }
    match data {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(unreadable(encoding, "has a 'data' field that is not text")),
        None => Err(unreadable(encoding, "has no 'data' field")),
    }
}

fn decode_base64(text: &str, encoding: Encoding) -> Result<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| unreadable(encoding, "holds invalid base64"))
}

fn checked_png(bytes: Vec<u8>, encoding: Encoding) -> Result<Vec<u8>> {
    if bytes.starts_with(PNG_SIGNATURE) {
        Ok(bytes)
    } else {
        Err(unreadable(encoding, "is not a PNG image"))
    }
}

fn file(params: &ScanQr, data: Vec<u8>, mime: &str, extension: &str) -> Binary {
    Binary {
        key: QR_BINARY_KEY.into(),
        data,
        mime_type: mime.into(),
        file_name: Some(format!(
            "qr-{}.{extension}",
            file_stem(params.device.as_str())
        )),
        file_extension: Some(extension.into()),
    }
}

/// A device id made safe for a file name: letters, digits, `-` and `_`
/// kept, anything else `_`, at most 64 characters.
fn file_stem(device: &str) -> String {
    device
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn unreadable(encoding: Encoding, what: &str) -> NodeError {
    NodeError::service(format!(
        "The SparkBot API's answer for QR encoding {} {what}, so the node cannot read the QR code. Retry; if it keeps happening, check that the Base URL points at the SparkBot API.",
        encoding.as_str()
    ))
}

#[cfg(test)]
#[path = "qr_tests.rs"]
mod tests;
