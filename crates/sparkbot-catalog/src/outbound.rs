//! Outbound Messages: the messages the account has sent or queued (the
//! API's `/messages`): search them, get one, change a queued one, delete one.

use workflow_node_sdk::catalog::{Choice, Kind, Operation, Param, Rule, To, Wording};
use workflow_node_sdk::http::Method;

use crate::common::{
    CHANNEL_CHAT, DATE, DEVICE_FILTER, GROUP_CHAT, MESSAGE_TEXT, SHORT_TEXT, body, choice, list,
    object_id, op, query, query_flag,
};
use crate::names::RESOURCE_OUTBOUND;

const STATUSES: &[Choice] = &[
    choice("queued", "Queued", "Waiting in the number's queue"),
    choice("processing", "Processing", "Being sent"),
    choice("sent", "Sent", "Sent to WhatsApp"),
    choice("delivered", "Delivered", "Delivered to the recipient"),
    choice("read", "Read", "Read by the recipient"),
    choice("failed", "Failed", "Could not be sent"),
    choice("pending", "Pending", "Not yet queued"),
];

const DELIVERY_STATUSES: &[Choice] = &[
    choice("pending", "Pending", "Not yet delivered"),
    choice("sent", "Sent", "Sent to WhatsApp"),
    choice("delivered", "Delivered", "Delivered to the recipient"),
    choice("read", "Read", "Read by the recipient"),
    choice("failed", "Failed", "Delivery failed"),
];

const WEBHOOK_STATUSES: &[Choice] = &[
    choice("pending", "Pending", "Webhook not yet called"),
    choice("success", "Success", "Webhook called"),
    choice("failed", "Failed", "Webhook call failed"),
];

const INCLUDES: &[Choice] = &[
    choice("device", "Device", "The WhatsApp number that sends it"),
    choice("agent", "Agent", "The team member it is sent on behalf of"),
    choice("events", "Events", "Its delivery events"),
];

const PRIORITIES: &[Choice] = &[
    choice("low", "Low", "After the normal ones in the queue"),
    choice("normal", "Normal", "In queue order"),
    choice("high", "High", "Before the normal ones in the queue"),
    choice("urgent", "Urgent", "Before every other in the queue"),
];

const TYPES: &[Choice] = &[
    choice("text", "Text", "Text messages"),
    choice("image", "Image", "Images"),
    choice("video", "Video", "Videos"),
    choice("audio", "Audio", "Audio files"),
    choice("voice", "Voice", "Voice notes"),
    choice("document", "Document", "Documents"),
    choice("location", "Location", "Locations"),
    choice("contact", "Contact", "Contact cards"),
    choice("buttons", "Buttons", "Button messages"),
    choice("list", "List", "List messages"),
    choice("template", "Template", "Template messages"),
];

const SOURCES: &[Choice] = &[
    choice("api", "API", "Sent through the API"),
    choice("chat", "Web Chat", "Sent from the web chat"),
];

const TARGETS: &[Choice] = &[
    choice("user", "User", "To a person"),
    choice("group", "Group", "To a group"),
    choice("channel", "Channel", "To a channel"),
];

const SORTS: &[Choice] = &[
    choice("date:desc", "Newest First", "The most recent first"),
    choice("date:asc", "Oldest First", "The oldest first"),
];

/// The outbound message a path names.
const OUTBOUND_ID: Param = Param::new(
    "messageId",
    "Message ID",
    "The outbound message's ID, 24 hexadecimal characters: the id Send Messages or Search Messages returns",
    object_id("a message ID", None),
    To::Path,
)
.required();

const INCLUDE: Param = Param::new(
    "include",
    "Include",
    "Related data to add to each message",
    Kind::Multi { choices: INCLUDES },
    query("include"),
)
.option();

const NOT_FOUND: Wording = Wording {
    not_found: Some((
        "No outbound message with ID '{messageId}' in this account",
        "Check the Message ID (Search Messages lists them).",
    )),
    conflict: None,
};

/// Search Messages: `GET /messages`.
pub const SEARCH: Operation = list(
    RESOURCE_OUTBOUND,
    "search",
    (
        "Search Messages",
        "Search the messages the account has sent or queued, by text, status, recipient, number, reference, priority or date",
        "Search outbound messages",
    ),
    "/messages",
    &[
        Param::new(
            "search",
            "Search",
            "Only messages whose text, phone number, group or message ID contains this",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
        Param::new(
            "status",
            "Status",
            "Only messages in these states",
            Kind::Multi { choices: STATUSES },
            query("status"),
        )
        .option(),
        Param::new(
            "deliveryStatus",
            "Delivery Status",
            "Only messages whose delivery is in these states",
            Kind::Multi {
                choices: DELIVERY_STATUSES,
            },
            query("deliveryStatus"),
        )
        .option(),
        Param::new(
            "webhookStatus",
            "Webhook Status",
            "Only messages whose webhook calls are in these states",
            Kind::Multi {
                choices: WEBHOOK_STATUSES,
            },
            query("webhookStatus"),
        )
        .option(),
        INCLUDE,
        Param::new(
            "type",
            "Type",
            "Only messages of these types",
            Kind::Multi { choices: TYPES },
            query("type"),
        )
        .option(),
        Param::new(
            "source",
            "Source",
            "Only messages sent this way: through the API or from the web chat",
            Kind::Choice {
                choices: SOURCES,
                default: "",
            },
            query("source"),
        )
        .option(),
        Param::new(
            "target",
            "Target",
            "Only messages to this kind of chat: user, group or channel",
            Kind::Choice {
                choices: TARGETS,
                default: "",
            },
            query("target"),
        )
        .option(),
        Param::new(
            "reference",
            "Reference",
            "Only messages sent with this reference",
            SHORT_TEXT,
            query("reference"),
        )
        .option(),
        Param::new(
            "phone",
            "Phone",
            "Only messages to this phone number, in E.164 such as +16001234560",
            Kind::Phone,
            query("phone"),
        )
        .option(),
        Param::new(
            "group",
            "Group",
            "Only messages to this group, such as 120363012345678901@g.us",
            Kind::ChatId {
                kinds: GROUP_CHAT,
                search: None,
            },
            query("group"),
        )
        .option(),
        Param::new(
            "channel",
            "Channel",
            "Only messages to this channel, such as 120363098765432101@newsletter",
            Kind::ChatId {
                kinds: CHANNEL_CHAT,
                search: None,
            },
            query("channel"),
        )
        .option(),
        DEVICE_FILTER,
        Param::new(
            "priority",
            "Priority",
            "Only messages of these priorities",
            Kind::Multi {
                choices: PRIORITIES,
            },
            query("priority"),
        )
        .option(),
        Param::new(
            "after",
            "Delivery After",
            "Only messages to be delivered after this date and time, in ISO 8601 such as 2026-12-01T10:00:00Z",
            DATE,
            query("after"),
        )
        .option(),
        Param::new(
            "before",
            "Delivery Before",
            "Only messages to be delivered before this date and time, in ISO 8601",
            DATE,
            query("before"),
        )
        .option(),
        Param::new(
            "createdAfter",
            "Created After",
            "Only messages created after this date and time, in ISO 8601",
            DATE,
            query("createdAfter"),
        )
        .option(),
        Param::new(
            "createdBefore",
            "Created Before",
            "Only messages created before this date and time, in ISO 8601",
            DATE,
            query("createdBefore"),
        )
        .option(),
        Param::new(
            "sort",
            "Sort",
            "The order of the messages: newest or oldest first. Left empty, the API's order (newest first).",
            Kind::Choice {
                choices: SORTS,
                default: "",
            },
            query("sort"),
        )
        .option(),
    ],
);

/// Get Message: `GET /messages/{messageId}`.
pub const GET: Operation = Operation {
    wording: NOT_FOUND,
    ..op(
        RESOURCE_OUTBOUND,
        "get",
        (
            "Get Message",
            "Get one message the account has sent or queued, with its status and delivery details; needs the message's ID",
            "Get an outbound message",
        ),
        Method::Get,
        "/messages/{messageId}",
        &[OUTBOUND_ID, INCLUDE],
    )
};

/// Update Message: `PATCH /messages/{messageId}` (a queued message only).
pub const UPDATE: Operation = Operation {
    rules: &[Rule::AtLeastOne(&[
        "message",
        "deliverAt",
        "priority",
        "reference",
        "label",
    ])],
    wording: Wording {
        not_found: NOT_FOUND.not_found,
        conflict: Some(
            "Only a message still in the queue can be changed; this one may already be sent (Get Message shows its status).",
        ),
    },
    ..op(
        RESOURCE_OUTBOUND,
        "update",
        (
            "Update Message",
            "Change a message that is still queued: its text, delivery time, priority, reference or label; needs the message's ID and at least one change",
            "Update a queued message",
        ),
        Method::Patch,
        "/messages/{messageId}",
        &[
            OUTBOUND_ID,
            Param::new(
                "message",
                "Message",
                "The new text, up to 4,096 characters",
                MESSAGE_TEXT,
                body("/message"),
            )
            .option(),
            Param::new(
                "deliverAt",
                "Deliver At",
                "The new delivery time, in ISO 8601 such as 2026-12-01T10:00:00Z",
                DATE,
                body("/deliverAt"),
            )
            .option(),
            Param::new(
                "priority",
                "Priority",
                "The new priority in the queue",
                Kind::Choice {
                    choices: PRIORITIES,
                    default: "",
                },
                body("/priority"),
            )
            .option(),
            Param::new(
                "reference",
                "Reference",
                "Your new ID for the message, up to 300 characters",
                SHORT_TEXT,
                body("/reference"),
            )
            .option(),
            Param::new(
                "label",
                "Label",
                "A label to tag the message with, by its name",
                SHORT_TEXT,
                body("/label"),
            )
            .option(),
        ],
    )
};

/// Delete Message: `DELETE /messages/{messageId}`.
pub const DELETE: Operation = Operation {
    wording: NOT_FOUND,
    ..op(
        RESOURCE_OUTBOUND,
        "delete",
        (
            "Delete Message",
            "Delete a message the account has queued or sent, so a queued one is not sent; needs the message's ID, which must be named: there is no default",
            "Delete an outbound message",
        ),
        Method::Delete,
        "/messages/{messageId}",
        &[
            OUTBOUND_ID,
            Param::new(
                "force",
                "Force",
                "Whether to delete it even while it is being sent or once delivered (a JSON boolean)",
                Kind::Flag {
                    default: false,
                    destroys: Some("deletes the message even while it is being sent"),
                },
                query_flag("force"),
            )
            .option(),
        ],
    )
};

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[SEARCH, GET, UPDATE, DELETE];
