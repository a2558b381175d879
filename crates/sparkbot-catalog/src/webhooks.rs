//! Webhooks: the URLs the API calls with the account's events: list,
//! create, get, update, delete and re-enable them, and read their
//! delivery logs.

use workflow_node_sdk::catalog::{Body, Choice, Kind, Operation, Paging, Param, To, Wording};
use workflow_node_sdk::http::Method;

use crate::common::{
    DEVICE_IN_BODY, PAGE_MAX, SHORT_TEXT, body, choice, list, object_id, op, query,
};
use crate::names::{GET_WEBHOOKS, RESOURCE_WEBHOOKS};
use crate::session::DEVICE;

const STATUSES: &[Choice] = &[
    choice("active", "Active", "Webhooks in service"),
    choice("disabled", "Disabled", "Webhooks turned off"),
    choice("pending", "Pending", "Webhooks not yet in service"),
];

/// The events a webhook can be registered for (the API's names).
const EVENTS: &[Choice] = &[
    choice(
        "message:in:new",
        "New Inbound Message",
        "A message is received",
    ),
    choice(
        "message:out:new",
        "New Outbound Message",
        "A message is queued to be sent",
    ),
    choice(
        "message:out:sent",
        "Outbound Message Sent",
        "A message is sent",
    ),
    choice(
        "message:out:ack",
        "Outbound Message Ack",
        "A sent message is delivered, read or played",
    ),
    choice(
        "message:out:failed",
        "Outbound Message Failed",
        "A message could not be sent",
    ),
    choice(
        "message:update",
        "Message Updated",
        "A message changes: poll votes, event answers, edits",
    ),
    choice(
        "message:reaction",
        "Message Reaction",
        "A reaction to a message",
    ),
    choice(
        "status:update",
        "Status Update",
        "A WhatsApp Status (story) update",
    ),
    choice(
        "channel:in",
        "Channel Message",
        "A message is posted in a followed channel",
    ),
    choice("group:update", "Group Update", "A group changes"),
    choice("chat:update", "Chat Update", "A chat changes"),
    choice("contact:update", "Contact Update", "A contact changes"),
    choice(
        "number:session",
        "Number Session",
        "A WhatsApp number's session status changes",
    ),
];

/// The webhook a path names.
const WEBHOOK_ID: Param = Param::new(
    "webhookId",
    "Webhook ID",
    "The webhook's ID, 24 hexadecimal characters (List Webhooks shows them)",
    object_id("a webhook ID", Some(GET_WEBHOOKS)),
    To::Path,
)
.required();

const NAME: Param = Param::new(
    "name",
    "Name",
    "The webhook's name in the account, up to 30 characters",
    Kind::Text { max_chars: 30 },
    body("/name"),
)
.required();

const URL: Param = Param::new(
    "url",
    "URL",
    "The https URL the API calls (POST, JSON) with each event; it must be reachable from the internet",
    Kind::Text { max_chars: 2048 },
    body("/url"),
)
.required()
.placeholder("https://example.com/whatsapp-events");

const EVENTS_PARAM: Param = Param::new(
    "events",
    "Events",
    "The events that call the URL, by their API names such as message:in:new (a list, or text separated by commas)",
    Kind::Multi { choices: EVENTS },
    body("/events"),
)
.required();

/// Only one number's events; left empty, every number's.
const WEBHOOK_DEVICE: Param = Param {
    required: false,
    in_options: true,
    help: "Only the events of this WhatsApp number; left empty, the events of every number in the account",
    ..DEVICE_IN_BODY
};

const NOT_FOUND: Wording = Wording {
    not_found: Some((
        "No webhook with ID '{webhookId}' in this account",
        "Check the Webhook ID (List Webhooks shows them).",
    )),
    conflict: None,
};

/// List Webhooks: `GET /webhooks`.
pub const LIST: Operation = list(
    RESOURCE_WEBHOOKS,
    "list",
    (
        "List Webhooks",
        "List the account's webhooks, optionally by WhatsApp number, status or search text",
        "List webhooks",
    ),
    "/webhooks",
    &[
        Param {
            name: "devices",
            to: query("devices"),
            required: false,
            in_options: true,
            help: "Only the webhooks of this WhatsApp number (the API's devices)",
            ..DEVICE
        },
        Param::new(
            "status",
            "Status",
            "Only webhooks in these states",
            Kind::Multi { choices: STATUSES },
            query("status"),
        )
        .option(),
        Param::new(
            "search",
            "Search",
            "Only webhooks whose name or URL contains this text",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
    ],
);

/// Create Webhook: `POST /webhooks`.
pub const CREATE: Operation = Operation {
    wording: Wording {
        not_found: None,
        conflict: Some("A webhook for this URL may already exist: List Webhooks shows it."),
    },
    ..op(
        RESOURCE_WEBHOOKS,
        "create",
        (
            "Create Webhook",
            "Register a URL the API calls with the account's events, for every number or one; needs a name, the https URL and the events",
            "Create a webhook",
        ),
        Method::Post,
        "/webhooks",
        &[NAME, URL, EVENTS_PARAM, WEBHOOK_DEVICE],
    )
};

/// Get Webhook: `GET /webhooks/{webhookId}`.
pub const GET: Operation = Operation {
    wording: NOT_FOUND,
    ..op(
        RESOURCE_WEBHOOKS,
        "get",
        (
            "Get Webhook",
            "Get one webhook with its URL, events and status; needs the webhook's ID",
            "Get a webhook",
        ),
        Method::Get,
        "/webhooks/{webhookId}",
        &[WEBHOOK_ID],
    )
};

/// Update Webhook: `PATCH /webhooks/{webhookId}`.
pub const UPDATE: Operation = Operation {
    wording: NOT_FOUND,
    ..op(
        RESOURCE_WEBHOOKS,
        "update",
        (
            "Update Webhook",
            "Replace a webhook's name, URL, events and number; needs the webhook's ID, the name, the https URL and the events",
            "Update a webhook",
        ),
        Method::Patch,
        "/webhooks/{webhookId}",
        &[WEBHOOK_ID, NAME, URL, EVENTS_PARAM, WEBHOOK_DEVICE],
    )
};

/// Delete Webhook: `DELETE /webhooks/{webhookId}`.
pub const DELETE: Operation = Operation {
    wording: NOT_FOUND,
    ..op(
        RESOURCE_WEBHOOKS,
        "delete",
        (
            "Delete Webhook",
            "Delete a webhook, so its URL is no longer called; needs the webhook's ID, which must be named: there is no default",
            "Delete a webhook",
        ),
        Method::Delete,
        "/webhooks/{webhookId}",
        &[WEBHOOK_ID],
    )
};

/// Enable Webhook: `POST /webhooks/{webhookId}/enable`.
pub const ENABLE: Operation = Operation {
    body: Body::None,
    wording: NOT_FOUND,
    ..op(
        RESOURCE_WEBHOOKS,
        "enable",
        (
            "Enable Webhook",
            "Turn a disabled webhook back on; needs the webhook's ID",
            "Enable a webhook",
        ),
        Method::Post,
        "/webhooks/{webhookId}/enable",
        &[WEBHOOK_ID],
    )
};

/// Get Webhook Logs: `GET /webhooks/{webhookId}/logs`, paged by `skip`.
pub const LOGS: Operation = Operation {
    paging: Paging::Skip { max_size: PAGE_MAX },
    wording: NOT_FOUND,
    ..list(
        RESOURCE_WEBHOOKS,
        "getLogs",
        (
            "Get Webhook Logs",
            "List a webhook's delivery attempts (each call the API made to its URL); needs the webhook's ID",
            "Get webhook logs",
        ),
        "/webhooks/{webhookId}/logs",
        &[WEBHOOK_ID],
    )
};

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[LIST, CREATE, GET, UPDATE, DELETE, ENABLE, LOGS];
