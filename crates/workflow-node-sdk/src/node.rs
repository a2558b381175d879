//! The [`Node`] trait a component implements, and what a running call has.

use serde_json::{Map, Value};

use crate::credentials::{CredentialSpec, Credentials};
use crate::deadline::Deadline;
use crate::error::{NodeError, Result};
use crate::http::Client;
use crate::item::{Item, Output};
use crate::text::truncate;
use crate::types as wit;

/// A workflow node. Implement it, then `workflow_node_sdk::export_node!(MyNode);`.
pub trait Node {
    /// One item's parameters once checked: what [`Node::run`] needs.
    type Plan;

    /// The node's credential: its name, Base URL field and API name.
    const CREDENTIAL: CredentialSpec;

    /// The `load-options` methods the node answers.
    const LOAD_OPTIONS: &'static [&'static str] = &[];

    /// The `list-search` methods the node answers.
    const LIST_SEARCH: &'static [&'static str] = &[];

    /// The node's description. Pure: no I/O.
    fn describe() -> wit::NodeDescription;

    /// Reads and checks one item's parameters, before any request of the call.
    fn plan(item: &Item<'_>) -> Result<Self::Plan>;

    /// Runs one planned item into one output item.
    fn run(cx: &Context, plan: &Self::Plan) -> Result<Output>;

    /// Runs one planned item into any number of output items, all paired
    /// to it (a list gives one per element). By default, [`Node::run`]'s one.
    fn run_many(cx: &Context, plan: &Self::Plan) -> Result<Vec<Output>> {
        Self::run(cx, plan).map(|output| vec![output])
    }

    /// Answers the load-options `method` (one of [`Node::LOAD_OPTIONS`]).
    fn load_options(
        cx: &Context,
        method: &str,
        form: &Map<String, Value>,
    ) -> Result<Vec<wit::OptionValue>> {
        let _ = (cx, form);
        Err(unknown_method("load-options", method, Self::LOAD_OPTIONS))
    }

    /// Answers one page of the list-search `method` (one of [`Node::LIST_SEARCH`]).
    fn list_search(
        cx: &Context,
        method: &str,
        form: &Map<String, Value>,
        filter: Option<&str>,
        token: Option<&str>,
    ) -> Result<wit::SearchPage> {
        let _ = (cx, form, filter, token);
        Err(unknown_method("list-search", method, Self::LIST_SEARCH))
    }
}

/// What a running call has: the client for the credential's API, the
/// credential's non-secret fields and the call's deadline.
pub struct Context {
    /// The client of the API at the credential's Base URL.
    pub client: Client,
    /// The credential, checked.
    pub credentials: Credentials,
    /// When the call must be over.
    pub deadline: Deadline,
    /// The deadline the host gave, in ms from the call's start (0: none).
    pub deadline_ms: u64,
}

impl Context {
    /// The context of a call with `credentials` to the API named
    /// `api_name`, whose deadline is `deadline_ms` from now (0: none).
    pub fn new(credentials: Credentials, api_name: &'static str, deadline_ms: u64) -> Self {
        Context {
            client: Client::new(credentials.base_url.clone(), api_name),
            credentials,
            deadline: Deadline::after_ms(deadline_ms),
            deadline_ms,
        }
    }
}

pub(crate) fn unknown_method(kind: &str, method: &str, known: &[&str]) -> NodeError {
    NodeError::invalid_parameter(format!(
        "Unknown {kind} method '{}'; this node offers: {}.",
        truncate(method, 40),
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        }
    ))
}
