//! A wasmtime host for `workflow:node` components (n8n-shaped workflow
//! nodes), for an engine to embed. It holds no mock API, no QR decoding and
//! no terminal drawing: those live in `sparkbot-mock` and `host-test`.
//!
//! # Using a node component
//!
//! 1. Load and link it once: [`NodeHost::from_file`] compiles the component,
//!    checks that it exports the contract at the version of `wit/`
//!    ([`contract`]) and resolves its imports, so a component of another
//!    version, or one that needs more than WASI and `wasi:http`, fails here,
//!    at start-up.
//! 2. Draw the form: [`NodeHost::describe`] gives the node's properties and
//!    credential types, and what each credential field means.
//! 3. Fill dropdowns: [`NodeHost::load_options`] with the method a property
//!    names, the user's whole credential (secrets included) and the form's
//!    current values; searchable lists page by page with
//!    [`NodeHost::list_search`].
//! 4. Run it: [`NodeHost::execute`] with the credential, the items (each with
//!    its own resolved parameters) and continue-on-fail. A failed item's
//!    error is in `output-item.error` ([`json::failed_item_json`] renders it).
//!
//! Every call gets a fresh instance under [`HostConfig`]'s limits: a memory
//! cap, a wall-clock deadline that traps the guest (for execute, the sum of
//! its items' time budgets as the node declares them, capped: [`budget`]),
//! a bound on each HTTP request, and network access to exactly one origin,
//! the credential's base URL ([`policy`]). The guest sees no environment variables and no files.
//!
//! The host carries every request itself ([`sender`]): one keep-alive pool
//! per [`NodeHost`], TLS trusting the platform's roots plus
//! [`HostConfig::ca_certs`] ([`tls`]), proxies from [`HostConfig::proxy`]
//! ([`proxy`]), timeouts and a body cap; redirects are never followed.
//!
//! The host owns the secrets. What a credential means (which field is the
//! base URL, which fields are secret, which header each goes in) comes from
//! the node's own description ([`credential`]); the host checks the secrets,
//! passes the node the credential without them, adds them to the requests
//! to the credential's origin ([`sender`]), and scrubs them from every answer
//! ([`redact`]). No host file names a field, a header or an operation.

#![deny(missing_docs)]

pub mod bindings;
pub mod budget;
pub mod config;
pub mod contract;
pub mod credential;
pub mod engine;
pub mod error;
pub mod hooks;
pub mod json;
mod load;
pub mod node_host;
pub mod policy;
pub mod proxy;
pub mod redact;
pub mod sender;
pub mod state;
pub mod tls;

pub use config::HostConfig;
pub use error::HostError;
pub use node_host::{CallStats, NodeHost};
