//! Files from the input's binary data: Upload File sends them as multipart
//! (`POST /files`, field `file`), and Send Media Message uploads them first
//! and then sends the message by the file's ID. A file uploaded before (the
//! API's 409 with `meta.file`) is reused, not uploaded again. Without a
//! file of the input, both are the catalog's plain request.

use serde_json::{Value, json};
use sparkbot_catalog::RESOURCE_FILES;
use workflow_node_sdk::catalog::check::{Checked, InputFile, Val, text_of};
use workflow_node_sdk::catalog::pointer::set_pointer;
use workflow_node_sdk::catalog::request::{hints, request, send_request};
use workflow_node_sdk::catalog::{To, fetch, shape};
use workflow_node_sdk::http::{Method, Request, Upload, status_error};
use workflow_node_sdk::{Context, NodeError, Output, Result};

/// Runs Upload File or Send Media Message.
pub fn run(cx: &Context, checked: &Checked) -> Result<Vec<Output>> {
    let Some((_, file)) = checked.files.first() else {
        return fetch::run(cx, checked);
    };
    let uploaded = upload(cx, checked, file)?;
    if checked.op.resource == RESOURCE_FILES {
        return Ok(uploaded.items);
    }
    let mut req = request(checked)?;
    let body = req.body.get_or_insert_with(|| json!({}));
    set_pointer(body, "/media/file", Value::String(uploaded.id));
    let reply = send_request(cx, checked, req)?;
    let mut item = shape::pass_through(checked, &reply, cx.client.api_name())?;
    item.json
        .entry("uploadedFile")
        .or_insert_with(|| json!({"id": uploaded.file_id_json, "reused": uploaded.reused}));
    Ok(vec![item])
}

struct Uploaded {
    id: String,
    file_id_json: Value,
    reused: bool,
    items: Vec<Output>,
}

/// Uploads `file` as `multipart/form-data`; its text options go as fields.
fn upload(cx: &Context, checked: &Checked, file: &InputFile) -> Result<Uploaded> {
    let mut fields: Vec<(String, String)> = Vec::new();
    if checked.op.resource == RESOURCE_FILES {
        for (param, (name, value)) in checked.op.params.iter().zip(&checked.values) {
            if matches!(param.to, To::Body { .. }) && *value != Val::Absent && *name != "url" {
                fields.push(((*name).to_string(), text_of(value)));
            }
        }
    }
    let file_name = checked
        .text("filename")
        .map(str::to_string)
        .or_else(|| file.file_name.clone())
        .unwrap_or_else(|| file.key.clone());
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut req = Request::new(Method::Post, &["files"], checked.timeout);
    req.upload = Some(Upload::multipart(
        &pairs,
        ("file", &file_name, &file.mime_type, &file.data),
    ));
    req.timeout = cx.deadline.within(req.timeout)?;
    let reply = cx.client.send(&req)?;
    let api = cx.client.api_name();
    let answer: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    if reply.status == 409
        && let Some(id) = answer.pointer("/meta/file").and_then(Value::as_str)
    {
        let mut json = serde_json::Map::new();
        json.insert("id".into(), id.into());
        json.insert("reused".into(), true.into());
        json.insert("filename".into(), file_name.as_str().into());
        return Ok(Uploaded {
            id: id.to_string(),
            file_id_json: id.into(),
            reused: true,
            items: vec![Output {
                json,
                binary: Vec::new(),
            }],
        });
    }
    if !reply.is_success() {
        return Err(status_error(&reply, api, &hints(checked)));
    }
    let first = match &answer {
        Value::Array(items) => items.first(),
        object @ Value::Object(_) => Some(object),
        _ => None,
    };
    let id = first
        .and_then(|f| f.get("id"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| {
            NodeError::service(format!(
                "The {api}'s answer to the upload names no file ID; the file may be uploaded: check Files → Search Files."
            ))
            .with_status(reply.status)
        })?;
    let items = match answer {
        Value::Array(items) => items,
        other => vec![other],
    }
    .into_iter()
    .filter_map(|v| match v {
        Value::Object(json) => Some(Output {
            json,
            binary: Vec::new(),
        }),
        _ => None,
    })
    .collect();
    Ok(Uploaded {
        file_id_json: id.as_str().into(),
        id,
        reused: false,
        items,
    })
}
