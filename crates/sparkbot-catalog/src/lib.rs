//! Every operation of the SparkBot WhatsApp node, as data
//! ([`workflow_node_sdk::catalog`]). The component builds its form, its
//! checks and its requests from [`CATALOG`]; the mock API routes and
//! validates requests from it; the tests and the docs' tables are generated
//! from it. Adding a plain REST action is one entry in [`session`] (or a new
//! resource module) and one line in [`OPERATIONS`].

pub mod chat_contacts;
pub mod chat_files;
pub mod chat_messages;
pub mod chats;
pub mod common;
pub mod files;
pub mod lookups;
pub mod names;
pub mod numbers;
pub mod other;
pub mod outbound;
pub mod send;
pub mod session;
pub mod webhooks;

use workflow_node_sdk::catalog::{Catalog, Operation, Resource};

pub use names::*;

/// The resources, in form order: the first is the default.
pub const RESOURCES: &[Resource] = &[
    Resource {
        value: RESOURCE_SESSION,
        name: "WhatsApp Session",
        default_operation: session::SCAN_QR.value,
    },
    // resources:send
    Resource {
        value: RESOURCE_SEND,
        name: "Send Messages",
        default_operation: send::SEND_TEXT.value,
    },
    // resources:outbound
    Resource {
        value: RESOURCE_OUTBOUND,
        name: "Outbound Messages",
        default_operation: outbound::SEARCH.value,
    },
    // resources:numbers
    Resource {
        value: RESOURCE_NUMBERS,
        name: "WhatsApp Numbers",
        default_operation: numbers::LIST.value,
    },
    // resources:chats
    Resource {
        value: RESOURCE_CHATS,
        name: "Chats",
        default_operation: chats::LIST.value,
    },
    // resources:chat_messages
    Resource {
        value: RESOURCE_CHAT_MESSAGES,
        name: "Chat Messages",
        default_operation: chat_messages::LIST.value,
    },
    // resources:chat_contacts
    Resource {
        value: RESOURCE_CHAT_CONTACTS,
        name: "Chat Contacts",
        default_operation: chat_contacts::LIST.value,
    },
    // resources:chat_files
    Resource {
        value: RESOURCE_CHAT_FILES,
        name: "Chat Files",
        default_operation: chat_files::LIST.value,
    },
    // resources:files
    Resource {
        value: RESOURCE_FILES,
        name: "Files",
        default_operation: files::SEARCH.value,
    },
    // resources:webhooks
    Resource {
        value: RESOURCE_WEBHOOKS,
        name: "Webhooks",
        default_operation: webhooks::LIST.value,
    },
    // resources:other
    Resource {
        value: RESOURCE_OTHER,
        name: "Other",
        default_operation: other::CHECK_EXISTS.value,
    },
];

/// The session resource's operations, in form order.
pub const SESSION_OPERATIONS: &[Operation] = &[
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

/// Every operation, in form order: each resource's list, concatenated.
pub const OPERATIONS: &[Operation] = &concat::<{ count(GROUPS) }>(GROUPS);

/// Each resource's operations (one line a resource module).
const GROUPS: &[&[Operation]] = &[
    SESSION_OPERATIONS,
    // groups:send
    send::OPERATIONS,
    // groups:outbound
    outbound::OPERATIONS,
    // groups:numbers
    numbers::OPERATIONS,
    // groups:chats
    chats::OPERATIONS,
    // groups:chat_messages
    chat_messages::OPERATIONS,
    // groups:chat_contacts
    chat_contacts::OPERATIONS,
    // groups:chat_files
    chat_files::OPERATIONS,
    // groups:files
    files::OPERATIONS,
    // groups:webhooks
    webhooks::OPERATIONS,
    // groups:other
    other::OPERATIONS,
];

const fn count(groups: &[&[Operation]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < groups.len() {
        n += groups[i].len();
        i += 1;
    }
    n
}

const fn concat<const N: usize>(groups: &[&[Operation]]) -> [Operation; N] {
    let mut out = [session::SCAN_QR; N];
    let mut n = 0;
    let mut i = 0;
    while i < groups.len() {
        let mut j = 0;
        while j < groups[i].len() {
            out[n] = groups[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// The catalog.
pub const CATALOG: Catalog = Catalog {
    resources: RESOURCES,
    operations: OPERATIONS,
    api_name: API_NAME,
};

#[cfg(test)]
mod tests;
