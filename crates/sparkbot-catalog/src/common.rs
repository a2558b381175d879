//! What the resources share: the device in a body, id and text kinds,
//! destination conventions, and the builders an entry is written with.
//! An entry names what differs; everything else is the default here.

use workflow_node_sdk::catalog::{
    Body, ChatKind, Choice, Kind, Operation, Paging, Param, Run, Send, Shape, Timeout, To, Wording,
};
use workflow_node_sdk::http::Method;

use crate::session::{DEVICE, REQUEST_MS};

/// What a list may spend beyond its first page's timeout, in its item's
/// time budget: Return All's further pages.
pub const LIST_EXTRA_MS: u64 = 120_000;

/// What an upload from binary data may spend beyond the send's timeout: the upload.
pub const UPLOAD_EXTRA_MS: u64 = REQUEST_MS;

/// The largest page the API serves (`size`); the reference node's loaders use 100.
pub const PAGE_MAX: u32 = 100;

/// The WhatsApp number, in the JSON body (`device`).
pub const DEVICE_IN_BODY: Param = Param {
    to: To::Body { pointer: "/device" },
    ..DEVICE
};

/// The WhatsApp number, as an optional filter in the query (`device`).
pub const DEVICE_FILTER: Param = Param {
    to: To::Query {
        key: "device",
        send: Send::WhenSet,
    },
    required: false,
    in_options: true,
    help: "Only those of this WhatsApp number.",
    ..DEVICE
};

/// Free text of a message or a caption (WhatsApp's limit is 4,096 characters).
pub const MESSAGE_TEXT: Kind = Kind::Text { max_chars: 4096 };
/// A short text: a name, a label, a reference.
pub const SHORT_TEXT: Kind = Kind::Text { max_chars: 300 };
/// A boolean, false when missing.
pub const FLAG: Kind = Kind::Flag {
    default: false,
    destroys: None,
};
/// An ISO 8601 date and time.
pub const DATE: Kind = Kind::DateTime;
/// A WhatsApp message id (18 to 32 hex characters).
pub const MESSAGE_ID: Kind = Kind::Hex {
    min: 16,
    max: 64,
    what: "a WhatsApp message ID",
    dropdown: None,
};

/// A 24-hex id of one of the API's objects; `what` names it ("a file ID").
pub const fn object_id(what: &'static str, dropdown: Option<&'static str>) -> Kind {
    Kind::Hex {
        min: 24,
        max: 24,
        what,
        dropdown,
    }
}

/// A chat of any kind: a contact, a group or a channel.
pub const ANY_CHAT: &[ChatKind] = &[ChatKind::User, ChatKind::Group, ChatKind::Channel];
/// A contact's chat.
pub const USER_CHAT: &[ChatKind] = &[ChatKind::User];
/// A group.
pub const GROUP_CHAT: &[ChatKind] = &[ChatKind::Group];
/// A channel.
pub const CHANNEL_CHAT: &[ChatKind] = &[ChatKind::Channel];

/// A query parameter sent when the item gives a value.
pub const fn query(key: &'static str) -> To {
    To::Query {
        key,
        send: Send::WhenSet,
    }
}

/// A query flag sent only when true (`key=true`).
pub const fn query_flag(key: &'static str) -> To {
    To::Query {
        key,
        send: Send::WhenTrue,
    }
}

/// A field of the JSON body.
pub const fn body(pointer: &'static str) -> To {
    To::Body { pointer }
}

/// Errors worded generically (the API's own message is always quoted).
pub const PLAIN: Wording = Wording {
    not_found: None,
    conflict: None,
};

/// The answer as the item, with nothing added.
pub const AS_IS: Shape = Shape::PassThrough {
    echo: &[],
    operation: false,
};

/// One request, its answer as the item: the default every entry starts from.
pub const fn op(
    resource: &'static str,
    value: &'static str,
    (name, description, action): (&'static str, &'static str, &'static str),
    method: Method,
    path: &'static str,
    params: &'static [Param],
) -> Operation {
    Operation {
        resource,
        value,
        name,
        description,
        action,
        method,
        path,
        params,
        rules: &[],
        body: match method {
            Method::Post | Method::Put | Method::Patch => Body::Object,
            Method::Get | Method::Delete => Body::None,
        },
        timeout: Timeout::fixed(REQUEST_MS),
        paging: Paging::None,
        shape: AS_IS,
        wording: PLAIN,
        run: Run::Request,
    }
}

/// A list: paged by `page` and `size`, Return All / Limit, one item per element.
pub const fn list(
    resource: &'static str,
    value: &'static str,
    labels: (&'static str, &'static str, &'static str),
    path: &'static str,
    params: &'static [Param],
) -> Operation {
    Operation {
        paging: Paging::Pages { max_size: PAGE_MAX },
        shape: Shape::Each,
        // Return All's further pages, each within its own timeout, within the budget.
        timeout: Timeout {
            extra_ms: LIST_EXTRA_MS,
            ..Timeout::fixed(REQUEST_MS)
        },
        ..op(resource, value, labels, Method::Get, path, params)
    }
}

/// A download: the answer's bytes as the binary property `data`.
pub const fn download(
    resource: &'static str,
    value: &'static str,
    labels: (&'static str, &'static str, &'static str),
    path: &'static str,
    params: &'static [Param],
) -> Operation {
    Operation {
        shape: Shape::File { key: "data" },
        ..op(resource, value, labels, Method::Get, path, params)
    }
}

/// One value of a choice.
pub const fn choice(value: &'static str, label: &'static str, help: &'static str) -> Choice {
    Choice { value, label, help }
}
