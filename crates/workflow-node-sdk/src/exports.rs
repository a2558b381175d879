//! The glue the [`export_node!`](crate::export_node) macro puts between a
//! [`Node`] and the contract's exports.

use crate::credentials::Credentials;
use crate::error::{NodeError, Result};
use crate::execute;
use crate::node::{Context, Node, unknown_method};
use crate::params::read_form;
use crate::types as wit;

fn context<N: Node>(credentials: &wit::Credentials) -> Result<Context> {
    let credentials = Credentials::read(&N::CREDENTIAL, &credentials.name, &credentials.data)?;
    // Form calls have no deadline of their own: the host bounds them.
    Ok(Context::new(credentials, N::CREDENTIAL.api_name, 0))
}

/// The export `load-options`.
#[doc(hidden)]
pub fn load_options<N: Node>(
    method: String,
    credentials: wit::Credentials,
    parameters: String,
) -> std::result::Result<Vec<wit::OptionValue>, wit::NodeError> {
    let run = || {
        if !N::LOAD_OPTIONS.contains(&method.as_str()) {
            return Err(unknown_method("load-options", &method, N::LOAD_OPTIONS));
        }
        let form = read_form(&parameters)?;
        N::load_options(&context::<N>(&credentials)?, &method, &form)
    };
    run().map_err(NodeError::into_wit)
}

/// The export `list-search`.
#[doc(hidden)]
pub fn list_search<N: Node>(
    method: String,
    credentials: wit::Credentials,
    parameters: String,
    filter: Option<String>,
    token: Option<String>,
) -> std::result::Result<wit::SearchPage, wit::NodeError> {
    let run = || {
        if !N::LIST_SEARCH.contains(&method.as_str()) {
            return Err(unknown_method("list-search", &method, N::LIST_SEARCH));
        }
        let form = read_form(&parameters)?;
        N::list_search(
            &context::<N>(&credentials)?,
            &method,
            &form,
            filter.as_deref(),
            token.as_deref(),
        )
    };
    run().map_err(NodeError::into_wit)
}

/// The export `execute`.
#[doc(hidden)]
pub fn execute<N: Node>(
    credentials: wit::Credentials,
    items: Vec<wit::InputItem>,
    settings: wit::ExecuteSettings,
) -> std::result::Result<Vec<wit::OutputItem>, wit::NodeError> {
    execute::execute::<N>(&credentials, &items, &settings).map_err(NodeError::into_wit)
}
