//! A plain operation's run: its request (every page of a list, within the
//! call's deadline and the item's Limit), and the items its answers become
//! by the operation's [`Shape`].

use serde_json::{Map, Value};

use super::Paging;
use super::Shape;
use super::check::{Checked, Val};
use super::request::{request, send_request};
use super::shape::pass_through;
use crate::error::{NodeError, Result};
use crate::http::{Reply, Request};
use crate::item::{Binary, Output};
use crate::node::Context;

/// Runs `checked` (a [`super::Run::Request`] whose shape is not custom):
/// one item, one per element of a list (all of its pages), or a file.
pub fn run(cx: &Context, checked: &Checked) -> Result<Vec<Output>> {
    let api = cx.client.api_name();
    match (checked.op.paging, checked.op.shape) {
        (Paging::None, Shape::Each) => {
            let reply = send_request(cx, checked, request(checked)?)?;
            Ok(elements(checked, &reply, api)?
                .into_iter()
                .map(item_of)
                .collect())
        }
        (Paging::None, Shape::File { key }) => {
            let reply = send_request(cx, checked, request(checked)?)?;
            Ok(vec![file(checked, reply, key)])
        }
        (Paging::None, _) => {
            let reply = send_request(cx, checked, request(checked)?)?;
            Ok(vec![pass_through(checked, &reply, api)?])
        }
        (paging, _) => pages(cx, checked, paging),
    }
}

/// Every page of a list, until a short page or the item's Limit.
fn pages(cx: &Context, checked: &Checked, paging: Paging) -> Result<Vec<Output>> {
    let api = cx.client.api_name();
    let max = u64::from(paging.max_size().unwrap_or(100).max(1));
    let mut out: Vec<Output> = Vec::new();
    let mut page: u64 = 0;
    loop {
        let got = out.len() as u64;
        let size = checked
            .limit
            .map_or(max, |limit| limit.saturating_sub(got).min(max));
        if size == 0 {
            break;
        }
        let req = page_request(checked, page, got, size)?;
        let reply = send_request(cx, checked, req).map_err(|e| {
            if page == 0 {
                e
            } else {
                let message = format!(
                    "{} Stopped after {page} pages ({got} elements): nothing of this item is output. Set a Limit, or narrow the list with its filters.",
                    e.message
                );
                NodeError { message, ..e }
            }
        })?;
        let elements = elements(checked, &reply, api)?;
        let count = elements.len() as u64;
        out.extend(elements.into_iter().take(size as usize).map(item_of));
        if count < size {
            break;
        }
        page += 1;
    }
    Ok(out)
}

/// The request of page `page` (zero-based; `offset` elements already
/// had) of `size` elements; for an operation that is not paged, its one request.
pub fn page_request(checked: &Checked, page: u64, offset: u64, size: u64) -> Result<Request> {
    let mut req = request(checked)?;
    match checked.op.paging {
        Paging::None => return Ok(req),
        Paging::Skip { .. } => req.query.push(("skip".into(), offset.to_string())),
        Paging::Pages { .. } => req.query.push(("page".into(), page.to_string())),
    }
    req.query.push(("size".into(), size.to_string()));
    Ok(req)
}

/// The first request `checked` makes: for a list, its first page.
pub fn first_request(checked: &Checked) -> Result<Request> {
    let max = u64::from(checked.op.paging.max_size().unwrap_or(100).max(1));
    let size = checked.limit.map_or(max, |limit| limit.min(max));
    page_request(checked, 0, 0, size)
}

/// The elements of a list answer: a bare array, or an object's one array.
fn elements(checked: &Checked, reply: &Reply, api: &str) -> Result<Vec<Value>> {
    if reply.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    match serde_json::from_slice::<Value>(&reply.body) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(Value::Object(map)) => match map.get("data") {
            Some(Value::Array(items)) => Ok(items.clone()),
            _ => Ok(vec![Value::Object(map)]),
        },
        Ok(other) => Ok(vec![other]),
        Err(_) => Err(NodeError::service(format!(
            "The {api}'s answer to {} is not JSON (Content-Type: {}). Check that the Base URL points at the {api}.",
            checked.op.name,
            reply.content_type.as_deref().unwrap_or("none")
        ))
        .with_status(reply.status)),
    }
}

fn item_of(element: Value) -> Output {
    let json = match element {
        Value::Object(map) => map,
        other => {
            let mut map = Map::new();
            map.insert("value".into(), other);
            map
        }
    };
    Output {
        json,
        binary: Vec::new(),
    }
}

/// A download: the bytes as binary `key`, what they are as JSON.
fn file(checked: &Checked, reply: Reply, key: &str) -> Output {
    let mime_type = reply
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".into());
    let id = checked
        .values
        .iter()
        .rev()
        .find_map(|(_, v)| match v {
            Val::Text(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "file".into());
    let file_name = reply
        .content_disposition
        .as_deref()
        .and_then(disposition_file_name)
        .unwrap_or_else(|| match extension_of(&mime_type) {
            Some(ext) => format!("{id}.{ext}"),
            None => id.clone(),
        });
    let file_extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| !ext.is_empty() && ext.len() <= 10);
    let mut json = Map::new();
    json.insert("fileName".into(), file_name.clone().into());
    json.insert("mimeType".into(), mime_type.clone().into());
    json.insert("fileSize".into(), reply.body.len().into());
    json.insert("binaryProperty".into(), key.into());
    for (name, value) in &checked.values {
        if let (Val::Text(text), true) = (value, checked.op.path.contains(&format!("{{{name}}}"))) {
            json.entry(*name).or_insert_with(|| text.as_str().into());
        }
    }
    Output {
        json,
        binary: vec![Binary {
            key: key.into(),
            data: reply.body,
            mime_type,
            file_name: Some(file_name),
            file_extension,
        }],
    }
}

/// The file name of a `Content-Disposition` header (`filename*=UTF-8''…`
/// first, then `filename="…"`), without any directory part.
pub fn disposition_file_name(header: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for part in header.split(';').map(str::trim) {
        let Some((name, value)) = part.split_once('=') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let value = value.trim().trim_matches('"');
                let encoded = value.split_once("''").map_or(value, |(_, v)| v);
                extended = Some(
                    percent_encoding::percent_decode_str(encoded)
                        .decode_utf8_lossy()
                        .into_owned(),
                );
            }
            "filename" => plain = Some(value.trim().trim_matches('"').to_string()),
            _ => {}
        }
    }
    let name = extended.or(plain)?;
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    (!clean.is_empty() && clean != "." && clean != "..").then_some(clean)
}

fn extension_of(mime: &str) -> Option<&'static str> {
    Some(match mime {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "application/pdf" => "pdf",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "video/mp4" => "mp4",
        "text/plain" => "txt",
        "application/json" => "json",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_names_are_read_safely() {
        assert_eq!(
            disposition_file_name("attachment; filename=\"report.pdf\""),
            Some("report.pdf".into())
        );
        assert_eq!(
            disposition_file_name("attachment; filename=a.txt; filename*=UTF-8''caf%C3%A9.txt"),
            Some("café.txt".into())
        );
        assert_eq!(
            disposition_file_name("attachment; filename=\"../../etc/passwd\""),
            Some("passwd".into())
        );
        assert_eq!(disposition_file_name("attachment; filename=\"..\""), None);
        assert_eq!(disposition_file_name("inline"), None);
    }
}
