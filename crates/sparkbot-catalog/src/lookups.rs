//! Where each dropdown and searchable picker gets its entries: a list
//! operation of the catalog, and the fields of each element it shows.

use workflow_node_sdk::catalog::lookup::Lookup;

use crate::names::{GET_FILES, GET_WEBHOOKS, SEARCH_CHATS, SEARCH_CONTACTS, SEARCH_GROUPS};
use crate::{chat_contacts, chats, files, webhooks};

/// The dropdowns (load-options) filled from the API, besides the numbers'.
pub const DROPDOWNS: &[Lookup] = &[
    Lookup {
        method: GET_FILES,
        list: &files::SEARCH,
        fixed: &[],
        search: None,
        name: &["/filename", "/id"],
        value: "/id",
        description: &["/mime", "/kind"],
    },
    Lookup {
        method: GET_WEBHOOKS,
        list: &webhooks::LIST,
        fixed: &[],
        search: None,
        name: &["/name", "/url"],
        value: "/id",
        description: &["/url"],
    },
];

/// The searchable pickers (list-search): accounts hold thousands of chats.
pub const PICKERS: &[Lookup] = &[
    Lookup {
        method: SEARCH_CHATS,
        list: &chats::LIST,
        fixed: &[],
        search: Some("search"),
        name: &["/name", "/id"],
        value: "/id",
        description: &["/id"],
    },
    Lookup {
        method: SEARCH_GROUPS,
        list: &chats::LIST,
        fixed: &[("type", "group")],
        search: Some("search"),
        name: &["/name", "/id"],
        value: "/id",
        description: &["/id"],
    },
    Lookup {
        method: SEARCH_CONTACTS,
        list: &chat_contacts::LIST,
        fixed: &[],
        search: Some("search"),
        name: &["/name", "/phone", "/wid"],
        value: "/wid",
        description: &["/phone"],
    },
];
