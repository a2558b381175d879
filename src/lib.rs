//! The SparkBot WhatsApp workflow node, as a WASI Preview 2 component.
//!
//! Built on the `workflow-node-sdk`: the operations are data, in the
//! `sparkbot-catalog` crate, and the SDK turns them into the form, the
//! checks and the requests. What is left here is the node's own: its
//! description ([`describe`]), the WhatsApp Number dropdown ([`devices`]),
//! the dispatch of an item to a plain request or a named behaviour
//! ([`run`]), Scan QR's shaping ([`qr`]) and Scan QR and wait ([`wait`]).
//!
//! The component never sees the API key: the host holds it, checks it, sends
//! it as the `Token` header on requests to the credential's origin (as the
//! credential type in [`describe`] says), and redacts it from what comes back.

pub mod describe;
pub mod devices;
pub mod media;
pub mod qr;
pub mod raw;
pub mod run;
pub mod wait;

#[cfg(test)]
mod fuzz_tests;

use serde_json::{Map, Value};
use sparkbot_catalog::lookups::{DROPDOWNS, PICKERS};
use sparkbot_catalog::{
    API_NAME, BASE_URL_FIELD, CATALOG, CREDENTIAL_NAME, DEFAULT_BASE_URL, GET_DEVICES, GET_FILES,
    GET_WEBHOOKS, SEARCH_CHATS, SEARCH_CONTACTS, SEARCH_GROUPS,
};
use workflow_node_sdk::catalog::check::{self, Checked};
use workflow_node_sdk::catalog::lookup;
use workflow_node_sdk::types::{NodeDescription, OptionValue, SearchPage};
use workflow_node_sdk::{Context, CredentialSpec, Item, Node, NodeError, Output, Result};

/// The node.
pub struct SparkBot;

impl Node for SparkBot {
    type Plan = Checked;

    const CREDENTIAL: CredentialSpec = CredentialSpec {
        name: CREDENTIAL_NAME,
        base_url_field: BASE_URL_FIELD,
        default_base_url: Some(DEFAULT_BASE_URL),
        example_base_url: DEFAULT_BASE_URL,
        api_name: API_NAME,
    };

    const LOAD_OPTIONS: &'static [&'static str] = &[GET_DEVICES, GET_FILES, GET_WEBHOOKS];

    const LIST_SEARCH: &'static [&'static str] = &[SEARCH_CHATS, SEARCH_GROUPS, SEARCH_CONTACTS];

    fn describe() -> NodeDescription {
        describe::describe()
    }

    fn plan(item: &Item<'_>) -> Result<Checked> {
        check::check_item(&CATALOG, item)
    }

    fn run(cx: &Context, plan: &Checked) -> Result<Output> {
        run::run(cx, plan)?
            .into_iter()
            .next()
            .ok_or_else(|| NodeError::internal("The operation gave no output item."))
    }

    fn run_many(cx: &Context, plan: &Checked) -> Result<Vec<Output>> {
        run::run(cx, plan)
    }

    fn load_options(
        cx: &Context,
        method: &str,
        form: &Map<String, Value>,
    ) -> Result<Vec<OptionValue>> {
        match lookup::find(DROPDOWNS, method) {
            Some(found) => lookup::options(cx, found, form),
            None => devices::options(cx),
        }
    }

    fn list_search(
        cx: &Context,
        method: &str,
        form: &Map<String, Value>,
        filter: Option<&str>,
        token: Option<&str>,
    ) -> Result<SearchPage> {
        match lookup::find(PICKERS, method) {
            Some(found) => lookup::search(cx, found, form, filter, token),
            None => Err(NodeError::invalid_parameter(format!(
                "Unknown list-search method '{}'.",
                method.chars().take(40).collect::<String>()
            ))),
        }
    }
}

workflow_node_sdk::export_node!(SparkBot);
