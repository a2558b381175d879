//! Scan QR: the request for one item, and the shaping of the API's answer
//! into one output item (JSON plus, for image encodings, a `qr` file).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use crate::api::{Api, Call, Reply};
use crate::error::{NodeError, Result};
use crate::params::{Encoding, ScanQr};

/// The name of the binary entry that holds the QR image.
pub const BINARY_KEY: &str = "qr";

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const SVG_MIME: &str = "image/svg+xml";
const PNG_MIME: &str = "image/png";

/// A file attached to an output item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The entry's name in the item.
    pub key: String,
    /// The bytes.
    pub data: Vec<u8>,
    /// The MIME type.
    pub mime_type: String,
    /// A file name to write it under.
    pub file_name: String,
    /// The file name's extension.
    pub file_extension: String,
}

/// What one successful item produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The item's JSON object.
    pub json: Map<String, Value>,
    /// The item's files.
    pub binary: Vec<Binary>,
}

/// Asks the API for the QR of `params.device` and shapes the answer.
pub fn run(api: &Api<'_>, params: &ScanQr) -> Result<Output> {
    let device = params.device.as_str();
    let reply = api.get(
        Call::Scan { device },
        &["devices", device, "scan"],
        &[
            ("force", if params.force { "true" } else { "false" }),
            ("encoding", params.encoding.as_str()),
        ],
        params.timeout,
    )?;
    shape(params, &reply)
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
        key: BINARY_KEY.into(),
        data,
        mime_type: mime.into(),
        file_name: format!("qr-{}.{extension}", file_stem(params.device.as_str())),
        file_extension: extension.into(),
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
#[path = "scan_tests.rs"]
mod tests;
