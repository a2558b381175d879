//! Every operation of the SparkBot WhatsApp node, as data
//! ([`workflow_node_sdk::catalog`]). The component builds its form, its
//! checks and its requests from [`CATALOG`]; the mock API routes and
//! validates requests from it; the tests and the docs' tables are generated
//! from it. Adding a plain REST action is one entry in [`session`] (or a new
//! resource module) and one line in [`OPERATIONS`].

pub mod names;
pub mod session;

use workflow_node_sdk::catalog::{Catalog, Operation, Resource};

pub use names::*;

/// The resources, in form order: the first is the default.
pub const RESOURCES: &[Resource] = &[Resource {
    value: RESOURCE_SESSION,
    name: "WhatsApp Session",
    default_operation: session::SCAN_QR.value,
}];

/// Every operation, in form order.
pub const OPERATIONS: &[Operation] = &[
    session::SCAN_QR,
    session::SCAN_QR_AND_WAIT,
    session::GET_DEVICE,
    session::SYNC_SESSION,
    session::START_DEVICE,
    session::RESET_DEVICE,
    session::REBOOT_DEVICE,
    session::DEVICE_HEALTH,
    session::REQUEST_AUTH_CODE,
];

/// The catalog.
pub const CATALOG: Catalog = Catalog {
    resources: RESOURCES,
    operations: OPERATIONS,
    api_name: API_NAME,
};

#[cfg(test)]
mod tests;
