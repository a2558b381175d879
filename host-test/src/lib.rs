//! A native wasmtime host for n8n-shaped workflow node components, and the
//! embedded SparkBot API they are tested against.
//!
//! # Using a node component
//!
//! 1. Load and link it once: [`NodeHost::from_file`] compiles the component
//!    and resolves its imports, so a component that needs more than WASI
//!    and `wasi:http` fails here, at start-up.
//! 2. Draw the form: [`NodeHost::describe`] gives the node's properties and
//!    credential types, and what each credential field means.
//! 3. Fill dropdowns: [`NodeHost::load_options`] with the method a property
//!    names, the user's whole credential (secrets included) and the form's
//!    current values.
//! 4. Run it: [`NodeHost::execute`] with the credential, the items (each with
//!    its own resolved parameters) and continue-on-fail. A failed item's
//!    error is in `output-item.error` ([`json::failed_item_json`] renders it).
//!
//! Every call gets a fresh instance under [`HostConfig`]'s limits: a memory
//! cap, a wall-clock deadline that traps the guest, a bound on each HTTP
//! request, and network access to exactly one origin, the credential's base
//! URL ([`policy`]). The guest sees no environment variables and no files.
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
pub mod config;
pub mod credential;
pub mod engine;
pub mod error;
pub mod hooks;
pub mod json;
pub mod mock;
pub mod node_host;
pub mod policy;
pub mod proxy;
pub mod qr_decode;
pub mod redact;
pub mod sender;
pub mod state;
pub mod terminal;
pub mod tls;

pub use config::HostConfig;
pub use error::HostError;
pub use node_host::{CallStats, NodeHost};

use std::path::PathBuf;

/// The environment variable that names the component file.
pub const COMPONENT_ENV: &str = "SPARKBOT_COMPONENT";

/// Where the component is: `$SPARKBOT_COMPONENT`, or the release build in
/// the cargo target directory this executable was built in.
pub fn default_component_path() -> PathBuf {
    if let Some(path) = std::env::var_os(COMPONENT_ENV) {
        return PathBuf::from(path);
    }
    let relative = ["wasm32-wasip2", "release", "sparkbot_whatsapp.wasm"];
    let exe = std::env::current_exe().unwrap_or_default();
    // target/<profile>/host-test or target/<profile>/deps/<test binary>
    exe.ancestors()
        .skip(1)
        .take(3)
        .map(|dir| relative.iter().fold(dir.to_path_buf(), |p, s| p.join(s)))
        .find(|candidate| candidate.exists())
        .unwrap_or_else(|| relative.iter().collect())
}
