//! # workflow-node-sdk
//!
//! Write a [`workflow:node`](https://github.com) component in Rust: implement
//! [`Node`], then `export_node!(MyNode)`. The SDK holds what every node of
//! the contract shares, so a node holds only what is its own:
//!
//! - the contract's bindings, sealed ([`types`] has its records);
//! - the execute semantics, written once ([`execute`]): every item checked
//!   before any request, continue-on-fail, pairing, the call's deadline;
//! - parameter readers with their strictness ([`params`]);
//! - the one HTTP client, over `wasi:http` with several requests in flight
//!   and `Content-Length` on every body ([`http`]);
//! - form builders ([`form`]) and operations as data ([`catalog`]);
//! - the contract's version ([`contract_version`]), which a host checks in
//!   the component's export name `workflow:node/node@<version>` before it
//!   calls anything.
//!
//! A node never holds a secret: the host keeps the credential's secret
//! fields and adds them to the requests it carries.

extern crate self as workflow_node_sdk;

mod bindings;
pub mod catalog;
pub mod credentials;
pub mod deadline;
pub mod error;
pub mod execute;
mod exports;
pub mod form;
pub mod http;
pub mod item;
pub mod node;
pub mod params;
pub mod text;

pub use credentials::{BaseUrl, CredentialSpec, Credentials};
pub use deadline::Deadline;
pub use error::{ErrorKind, NodeError, Result};
pub use item::{Binary, Item, Output};
pub use node::{Context, Node};

/// The contract's records (`workflow:node/types`), as the bindings generate them.
pub mod types {
    pub use crate::bindings::workflow::node::types::*;
}

/// The contract's WIT, from which the version is read.
const WORLDS_WIT: &str = include_str!("../../../wit/deps/workflow-node/worlds.wit");

/// The version of the `workflow:node` contract this SDK implements, as its
/// WIT package declares it (`0.3.0`).
pub fn contract_version() -> &'static str {
    WORLDS_WIT
        .lines()
        .find_map(|line| line.trim().strip_prefix("package workflow:node@"))
        .and_then(|rest| rest.strip_suffix(';'))
        .unwrap_or("unknown")
}

/// What the export macro needs; not part of the SDK's API.
#[doc(hidden)]
pub mod __private {
    pub use crate::bindings::exports::workflow::node::node::Guest;
    pub use crate::exports::{execute, list_search, load_options};
    pub use wit_bindgen;

    /// The generated bindings, for the generated export macro.
    pub mod bindings {
        pub use crate::bindings::*;
    }
}

/// Exports `$node` (a type implementing [`Node`]) as the component's
/// `workflow:node/node` interface.
#[macro_export]
macro_rules! export_node {
    ($node:ty) => {
        #[doc(hidden)]
        struct __WorkflowNodeExport;

        impl $crate::__private::Guest for __WorkflowNodeExport {
            fn describe() -> $crate::types::NodeDescription {
                <$node as $crate::Node>::describe()
            }

            fn load_options(
                method: ::std::string::String,
                credentials: $crate::types::Credentials,
                parameters: ::std::string::String,
            ) -> ::std::result::Result<::std::vec::Vec<$crate::types::OptionValue>, $crate::types::NodeError> {
                $crate::__private::load_options::<$node>(method, credentials, parameters)
            }

            fn list_search(
                method: ::std::string::String,
                credentials: $crate::types::Credentials,
                parameters: ::std::string::String,
                filter: ::std::option::Option<::std::string::String>,
                token: ::std::option::Option<::std::string::String>,
            ) -> ::std::result::Result<$crate::types::SearchPage, $crate::types::NodeError> {
                $crate::__private::list_search::<$node>(method, credentials, parameters, filter, token)
            }

            fn execute(
                credentials: $crate::types::Credentials,
                items: ::std::vec::Vec<$crate::types::InputItem>,
                settings: $crate::types::ExecuteSettings,
            ) -> ::std::result::Result<::std::vec::Vec<$crate::types::OutputItem>, $crate::types::NodeError> {
                $crate::__private::execute::<$node>(credentials, items, settings)
            }
        }

        $crate::__private::bindings::__export_workflow_node_world!(__WorkflowNodeExport with_types_in $crate::__private::bindings);
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_contract_version_comes_from_the_wit() {
        let version = super::contract_version();
        assert_eq!(version.split('.').count(), 3, "{version}");
        assert!(
            version.split('.').all(|p| p.parse::<u32>().is_ok()),
            "{version}"
        );
    }
}
