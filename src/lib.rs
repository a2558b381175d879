//! The SparkBot WhatsApp workflow node, as a WASI Preview 2 component.
//!
//! The generated bindings stay sealed in [`bindings`]; [`Component`] only
//! converts between WIT records and the plain functions of the modules below:
//! [`describe`], [`load_options`] and [`execute`], which read their inputs
//! with [`params`] and [`credentials`], pick the operation in [`operations`],
//! reach the API through [`api`], and shape answers in [`scan`], [`wait`],
//! [`session`] and [`devices`]. Errors are [`error::NodeError`].
//!
//! The component never sees the API key: the host holds it, checks it, sends
//! it as the `Token` header on requests to the credential's origin (as the
//! credential type in [`describe`] says), and redacts it from what comes back.

pub mod api;
pub mod credentials;
pub mod describe;
pub mod devices;
pub mod error;
pub mod execute;
pub mod load_options;
pub mod operations;
pub mod params;
pub mod scan;
pub mod session;
pub mod wait;

#[cfg(test)]
mod fuzz_tests;

/// The code `wit-bindgen` generates from `wit/`, kept private.
#[allow(missing_docs, clippy::all)]
mod bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "sparkbot:whatsapp/sparkbot-whatsapp",
        // The HTTP import is served by waki's own bindings of the same
        // interfaces; nothing here calls it directly.
        with: {
            "workflow:node/types@0.2.0": generate,
            "wasi:http/outgoing-handler@0.2.2": waki::bindings::wasi::http::outgoing_handler,
            "wasi:http/types@0.2.2": waki::bindings::wasi::http::types,
            "wasi:io/error@0.2.2": waki::bindings::wasi::io::error,
            "wasi:io/poll@0.2.2": waki::bindings::wasi::io::poll,
            "wasi:io/streams@0.2.2": waki::bindings::wasi::io::streams,
            "wasi:clocks/monotonic-clock@0.2.2": waki::bindings::wasi::clocks::monotonic_clock,
        },
    });

    pub use self::exports::workflow::node::node::Guest;
    pub use self::workflow::node::types;
}

use bindings::types as wit;

use crate::credentials::CREDENTIAL_NAME;
use crate::error::NodeError;

/// The component: forwards each export to its module.
struct Component;

impl bindings::Guest for Component {
    fn describe() -> wit::NodeDescription {
        describe::describe()
    }

    fn load_options(
        method: String,
        credentials: wit::Credentials,
        parameters: String,
    ) -> Result<Vec<wit::OptionValue>, wit::NodeError> {
        check_credential_name(&credentials)?;
        let options = load_options::load_options(&method, &credentials.data, &parameters)
            .map_err(to_wit_error)?;
        Ok(options
            .into_iter()
            .map(|o| wit::OptionValue {
                name: o.name,
                value: serde_json::Value::String(o.value).to_string(),
                description: Some(o.description),
                action: None,
            })
            .collect())
    }

    fn execute(
        credentials: wit::Credentials,
        items: Vec<wit::InputItem>,
        settings: wit::ExecuteSettings,
    ) -> Result<Vec<wit::OutputItem>, wit::NodeError> {
        check_credential_name(&credentials)?;
        let inputs: Vec<execute::Input<'_>> = items
            .iter()
            .map(|item| execute::Input {
                json: &item.json,
                parameters: &item.parameters,
            })
            .collect();
        let run = execute::Run {
            continue_on_fail: settings.continue_on_fail,
            deadline: execute::Deadline::after_ms(settings.deadline_ms),
        };
        let produced = execute::execute(&credentials.data, &inputs, run).map_err(to_wit_error)?;
        Ok(produced
            .into_iter()
            .map(|p| wit::OutputItem {
                json: p.json,
                binary: p
                    .binary
                    .into_iter()
                    .map(|b| wit::BinaryEntry {
                        key: b.key,
                        data: b.data,
                        mime_type: b.mime_type,
                        file_name: Some(b.file_name),
                        file_extension: Some(b.file_extension),
                    })
                    .collect(),
                paired_item: p.paired_item,
                error: p.error.map(to_wit_error),
            })
            .collect())
    }
}

fn check_credential_name(credentials: &wit::Credentials) -> Result<(), wit::NodeError> {
    if credentials.name == CREDENTIAL_NAME {
        return Ok(());
    }
    Err(to_wit_error(NodeError::credentials(format!(
        "This node needs a '{CREDENTIAL_NAME}' credential, not '{}'.",
        params::truncate(&credentials.name, 40)
    ))))
}

fn to_wit_error(e: NodeError) -> wit::NodeError {
    wit::NodeError {
        kind: e.kind,
        message: e.message,
        description: e.description,
        http_status: e.http_status,
        item_index: e.item_index,
        retry_after_seconds: e.retry_after_seconds,
    }
}

bindings::export!(Component with_types_in bindings);
