//! The contract's execute semantics, written once: every item's parameters
//! are checked before any request; without continue-on-fail a bad item ends
//! the call before anything is sent and the first failure ends it; with it,
//! every item comes out, in order, paired to its input (one or several outputs each), a failed one
//! carrying its error; every request is bounded by the call's deadline.

use serde_json::Value;

use crate::credentials::Credentials;
use crate::error::{NodeError, Result};
use crate::item::{Item, Output};
use crate::node::{Context, Node};
use crate::params::parse_object;
use crate::types as wit;

/// Runs `N` over `items`: the whole of the contract's `execute`.
pub fn execute<N: Node>(
    credentials: &wit::Credentials,
    items: &[wit::InputItem],
    settings: &wit::ExecuteSettings,
) -> Result<Vec<wit::OutputItem>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let continue_on_fail = settings.continue_on_fail;
    let credentials = match Credentials::read(&N::CREDENTIAL, &credentials.name, &credentials.data)
    {
        Ok(c) => c,
        Err(e) if continue_on_fail => {
            return Ok(indexes(items)
                .map(|i| failed(i, e.clone().for_item(i)))
                .collect());
        }
        Err(e) => return Err(e),
    };
    let planned: Vec<Result<N::Plan>> = items.iter().map(plan::<N>).collect();
    if !continue_on_fail
        && let Some((i, Err(e))) = indexes(items).zip(&planned).find(|(_, p)| p.is_err())
    {
        return Err(e.clone().for_item(i));
    }
    let cx = Context::new(credentials, N::CREDENTIAL.api_name, settings.deadline_ms);
    let mut produced = Vec::with_capacity(items.len());
    for (i, plan) in indexes(items).zip(planned) {
        match plan.and_then(|p| N::run_many(&cx, &p)) {
            Ok(outputs) => produced.extend(outputs.into_iter().map(|o| output_item(i, o))),
            Err(e) if continue_on_fail => produced.push(failed(i, e.for_item(i))),
            Err(e) => return Err(e.for_item(i)),
        }
    }
    Ok(produced)
}

fn plan<N: Node>(item: &wit::InputItem) -> Result<N::Plan> {
    let json = match serde_json::from_str::<Value>(&item.json) {
        Ok(Value::Object(json)) => json,
        _ => {
            return Err(NodeError::invalid_parameter(
                "The item's JSON must be an object; the host passed something else.",
            ));
        }
    };
    let parameters = parse_object(&item.parameters)?;
    N::plan(&Item {
        json: &json,
        parameters: &parameters,
        binary: &item.binary,
    })
}

fn indexes(items: &[wit::InputItem]) -> impl Iterator<Item = u32> {
    // WIT lists are indexed by u32; a host cannot pass more items than that.
    (0..items.len()).map(|i| u32::try_from(i).unwrap_or(u32::MAX))
}

fn output_item(index: u32, output: Output) -> wit::OutputItem {
    wit::OutputItem {
        json: Value::Object(output.json).to_string(),
        binary: output
            .binary
            .into_iter()
            .map(|b| wit::BinaryEntry {
                key: b.key,
                data: b.data,
                mime_type: b.mime_type,
                file_name: b.file_name,
                file_extension: b.file_extension,
            })
            .collect(),
        paired_item: index,
        error: None,
    }
}

/// The output item that stands for a failed input item: an empty JSON
/// object and the error, which hosts render as their users expect.
fn failed(index: u32, error: NodeError) -> wit::OutputItem {
    wit::OutputItem {
        json: "{}".into(),
        binary: Vec::new(),
        paired_item: index,
        error: Some(error.into_wit()),
    }
}
