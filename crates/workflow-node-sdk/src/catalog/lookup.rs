//! Dropdowns and searchable pickers filled from a list operation of the
//! catalog: a [`Lookup`] names the method, the list it runs, fixed query
//! values, and which fields of each element are the label, the value and
//! the description. The form's current values (the device) fill the list's
//! path; a picker's search text goes in its search parameter, and its
//! pagination token is the next page's number.

use serde_json::{Map, Value};

use super::check::check_op;
use super::fetch::page_request;
use super::request::send_request;
use super::{OPERATION, Operation, RESOURCE};
use crate::error::{NodeError, Result};
use crate::node::Context;
use crate::text::truncate;
use crate::types::{OptionValue, SearchPage};

/// One dropdown or picker method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookup {
    /// The load-options or list-search method's name.
    pub method: &'static str,
    /// The list operation it runs.
    pub list: &'static Operation,
    /// Query values always sent (`type=group`).
    pub fixed: &'static [(&'static str, &'static str)],
    /// The list's parameter that takes a picker's search text.
    pub search: Option<&'static str>,
    /// JSON pointers of the label, tried in order (the value if none holds).
    pub name: &'static [&'static str],
    /// The JSON pointer of the value.
    pub value: &'static str,
    /// JSON pointers of the description, tried in order.
    pub description: &'static [&'static str],
}

/// How many entries a picker's page holds.
pub const PAGE: u64 = 50;
/// How many entries a dropdown holds at most (one request).
pub const DROPDOWN: u64 = 100;

/// The lookup of `method` in `lookups`.
pub fn find<'a>(lookups: &'a [Lookup], method: &str) -> Option<&'a Lookup> {
    lookups.iter().find(|l| l.method == method)
}

/// The dropdown's options: the list's first page of [`DROPDOWN`].
pub fn options(
    cx: &Context,
    lookup: &Lookup,
    form: &Map<String, Value>,
) -> Result<Vec<OptionValue>> {
    let elements = fetch(cx, lookup, form, None, 0, DROPDOWN)?;
    Ok(elements.iter().filter_map(|e| option(lookup, e)).collect())
}

/// One page of the picker: `filter` is its search text, `token` the page.
pub fn search(
    cx: &Context,
    lookup: &Lookup,
    form: &Map<String, Value>,
    filter: Option<&str>,
    token: Option<&str>,
) -> Result<SearchPage> {
    let page: u64 = match token {
        None | Some("") => 0,
        Some(t) => t.parse().map_err(|_| {
            NodeError::invalid_parameter(format!(
                "The pagination token '{}' is not one this node gave.",
                truncate(t, 20)
            ))
        })?,
    };
    let elements = fetch(cx, lookup, form, filter, page, PAGE)?;
    let full = elements.len() as u64 >= PAGE;
    Ok(SearchPage {
        results: elements.iter().filter_map(|e| option(lookup, e)).collect(),
        pagination_token: full.then(|| (page + 1).to_string()),
    })
}

fn fetch(
    cx: &Context,
    lookup: &Lookup,
    form: &Map<String, Value>,
    filter: Option<&str>,
    page: u64,
    size: u64,
) -> Result<Vec<Value>> {
    let op = lookup.list;
    // The list's own parameters from the form: the path's (the device).
    let mut params = Map::new();
    params.insert(RESOURCE.into(), op.resource.into());
    params.insert(OPERATION.into(), op.value.into());
    for p in op.params.iter().filter(|p| p.to == super::To::Path) {
        match form.get(p.name) {
            Some(Value::String(s)) if !s.trim().is_empty() => {
                params.insert(p.name.into(), Value::String(s.clone()));
            }
            _ => {
                return Err(NodeError::invalid_parameter(format!(
                    "Pick the {} first: this list depends on it.",
                    p.label
                )));
            }
        }
    }
    let mut options = Map::new();
    if let (Some(name), Some(text)) = (lookup.search, filter.map(str::trim))
        && !text.is_empty()
        && let Some(p) = op.param(name)
    {
        if p.in_options {
            options.insert(name.into(), Value::String(text.into()));
        } else {
            params.insert(name.into(), Value::String(text.into()));
        }
    }
    if !options.is_empty() {
        params.insert(super::OPTIONS.into(), Value::Object(options));
    }
    let checked = check_op(op, &params)?;
    let mut req = page_request(&checked, page, page * size, size)?;
    for (k, v) in lookup.fixed {
        req.query.push(((*k).to_string(), (*v).to_string()));
    }
    let reply = send_request(cx, &checked, req)?;
    match serde_json::from_slice::<Value>(&reply.body) {
        Ok(Value::Array(items)) => Ok(items),
        _ => Err(NodeError::service(format!(
            "The {}'s answer to {} is not a JSON list.",
            cx.client.api_name(),
            op.name
        ))
        .with_status(reply.status)),
    }
}

fn text_at(element: &Value, pointers: &[&str]) -> Option<String> {
    pointers.iter().find_map(|p| match element.pointer(p) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

fn option(lookup: &Lookup, element: &Value) -> Option<OptionValue> {
    let value = text_at(element, &[lookup.value])?;
    Some(OptionValue {
        name: text_at(element, lookup.name).unwrap_or_else(|| value.clone()),
        value: Value::String(value).to_string(),
        description: text_at(element, lookup.description),
        action: None,
    })
}
