//! Chat Messages: the messages stored in a WhatsApp number's chats,
//! inbound and outbound (the API's `/chat/{device}/messages`): list them,
//! get one and its delivery info, edit and delete one.

use workflow_node_sdk::catalog::{Choice, Kind, Operation, Param, To};
use workflow_node_sdk::http::Method;

use crate::common::{
    ANY_CHAT, DATE, FLAG, MESSAGE_ID, MESSAGE_TEXT, SHORT_TEXT, body, choice, list, op, query,
    query_flag,
};
use crate::names::RESOURCE_CHAT_MESSAGES;
use crate::session::DEVICE;

/// The message an operation acts on (`{messageId}`).
pub const MESSAGE_ID_PARAM: Param = Param::new(
    "messageId",
    "Message ID",
    "The message's WhatsApp ID (hexadecimal, such as 3EB0C7673A1B2C4D5E6F)",
    MESSAGE_ID,
    To::Path,
)
.required();

const FLOWS: &[Choice] = &[
    choice("inbound", "Inbound", "Messages received"),
    choice("outbound", "Outbound", "Messages sent"),
];

const ACKS: &[Choice] = &[
    choice("pending", "Pending", "Not yet sent"),
    choice("sent", "Sent", "Sent, not yet delivered"),
    choice("delivered", "Delivered", "Delivered to the phone"),
    choice("read", "Read", "Read (or played)"),
    choice("failed", "Failed", "Failed to send"),
];

const CHAT_TYPES: &[Choice] = &[
    choice("chat", "Chat", "One-to-one chats with contacts"),
    choice("group", "Group", "Group chats"),
    choice("channel", "Channel", "Channels (newsletters)"),
    choice("community", "Community", "Communities"),
];

const KINDS: &[Choice] = &[
    choice("text", "Text", "Text messages"),
    choice("image", "Image", "Images"),
    choice("audio", "Audio", "Audio files"),
    choice("voice", "Voice", "Voice notes"),
    choice("video", "Video", "Videos"),
    choice("document", "Document", "Documents"),
    choice("contact", "Contact", "Shared contacts"),
    choice("location", "Location", "Shared locations"),
    choice("system", "System", "System notices"),
];

const INCLUDES: &[Choice] = &[
    choice("contact", "Contact", "The sender's or recipient's contact"),
    choice("chat", "Chat", "The message's chat"),
    choice("media", "Media", "The message's media file details"),
];

const SORTS: &[Choice] = &[
    choice("date:desc", "Newest First", "By date, newest first"),
    choice("date:asc", "Oldest First", "By date, oldest first"),
];

/// List Messages: `GET /chat/{device}/messages`.
pub const LIST: Operation = list(
    RESOURCE_CHAT_MESSAGES,
    "list",
    (
        "List Messages",
        "List the messages stored in a WhatsApp number's chats, optionally by chat, direction, delivery status, type, date or search text; needs the number",
        "List chat messages",
    ),
    "/chat/{device}/messages",
    &[
        DEVICE,
        Param::new(
            "flow",
            "Flow",
            "Only messages received (inbound) or only those sent (outbound)",
            Kind::Choice {
                choices: FLOWS,
                default: "",
            },
            query("flow"),
        )
        .option(),
        Param::new(
            "ack",
            "Delivery Status",
            "Only messages in these delivery states",
            Kind::Multi { choices: ACKS },
            query("ack"),
        )
        .option(),
        Param::new(
            "wid",
            "Message IDs",
            "Only these messages (WhatsApp message IDs, comma-separated)",
            Kind::List {
                of: &MESSAGE_ID,
                min: 1,
                max: 100,
            },
            query("wid"),
        )
        .option(),
        Param::new(
            "search",
            "Search",
            "Only messages whose text, contact name or file name contains this text",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
        Param::new(
            "chat",
            "Chat ID",
            "Only messages of this chat (digits@c.us, digits@g.us or digits@newsletter)",
            Kind::ChatId {
                kinds: ANY_CHAT,
                search: None,
            },
            query("chat"),
        )
        .option(),
        Param::new(
            "from",
            "From",
            "Only messages sent by this phone number (E.164) or WhatsApp ID",
            SHORT_TEXT,
            query("from"),
        )
        .option(),
        Param::new(
            "to",
            "To",
            "Only messages sent to this phone number (E.164) or WhatsApp ID",
            SHORT_TEXT,
            query("to"),
        )
        .option(),
        Param::new(
            "type",
            "Chat Type",
            "Only messages of chats of these types",
            Kind::Multi {
                choices: CHAT_TYPES,
            },
            query("type"),
        )
        .option(),
        Param::new(
            "reference",
            "Reference",
            "Only messages with exactly this reference (set when they were sent)",
            SHORT_TEXT,
            query("reference"),
        )
        .option(),
        Param::new(
            "kind",
            "Message Type",
            "Only messages of these types",
            Kind::Multi { choices: KINDS },
            query("kind"),
        )
        .option(),
        Param::new(
            "sync",
            "Sync",
            "Whether to sync messages from the phone when none are stored yet",
            FLAG,
            query("sync"),
        )
        .option(),
        Param::new(
            "skip",
            "Skip",
            "With Sync: how many of the chat's latest messages to skip",
            Kind::Int {
                min: 0,
                max: 100_000,
            },
            query("skip"),
        )
        .option(),
        Param::new(
            "begin",
            "Begin at Message",
            "Return the newest messages from this message ID on",
            MESSAGE_ID,
            query("begin"),
        )
        .option(),
        Param::new(
            "end",
            "End at Message",
            "Return the oldest messages up to this message ID",
            MESSAGE_ID,
            query("end"),
        )
        .option(),
        Param::new(
            "after",
            "Created After",
            "Only messages created after this date and time (ISO 8601)",
            DATE,
            query("after"),
        )
        .option(),
        Param::new(
            "before",
            "Created Before",
            "Only messages created before this date and time (ISO 8601)",
            DATE,
            query("before"),
        )
        .option(),
        Param::new(
            "include",
            "Include",
            "Related data to add to each message",
            Kind::Multi { choices: INCLUDES },
            query("include"),
        )
        .option(),
        Param::new(
            "sort",
            "Sort",
            "The order of the messages (the API's default: newest first)",
            Kind::Choice {
                choices: SORTS,
                default: "",
            },
            query("sort"),
        )
        .option(),
    ],
);

/// Get Message: `GET /chat/{device}/messages/{messageId}`.
pub const GET: Operation = op(
    RESOURCE_CHAT_MESSAGES,
    "get",
    (
        "Get Message",
        "Get one chat message's details (text, media, sender, delivery status); needs the number and the message ID",
        "Get a chat message",
    ),
    Method::Get,
    "/chat/{device}/messages/{messageId}",
    &[DEVICE, MESSAGE_ID_PARAM],
);

/// Get Delivery Info: `GET /chat/{device}/messages/{messageId}/ackinfo`.
pub const GET_DELIVERY_INFO: Operation = op(
    RESOURCE_CHAT_MESSAGES,
    "getDeliveryInfo",
    (
        "Get Message Delivery Info",
        "Get who a sent message was delivered to and read by (per participant in groups); needs the number and the message ID",
        "Get a message's delivery info",
    ),
    Method::Get,
    "/chat/{device}/messages/{messageId}/ackinfo",
    &[DEVICE, MESSAGE_ID_PARAM],
);

/// Edit Message: `PATCH /chat/{device}/messages/{messageId}`.
pub const EDIT: Operation = op(
    RESOURCE_CHAT_MESSAGES,
    "edit",
    (
        "Edit Message",
        "Replace the text of a message sent less than 20 minutes ago; needs the number, the message ID and the new text",
        "Edit a chat message",
    ),
    Method::Patch,
    "/chat/{device}/messages/{messageId}",
    &[
        DEVICE,
        MESSAGE_ID_PARAM,
        Param::new(
            "message",
            "Message",
            "The message's new text",
            MESSAGE_TEXT,
            body("/message"),
        )
        .required(),
    ],
);

/// Delete Message: `DELETE /chat/{device}/messages/{messageId}`.
pub const DELETE: Operation = op(
    RESOURCE_CHAT_MESSAGES,
    "delete",
    (
        "Delete Message",
        "Delete a message from the chat on this number (with Revoke for Everyone, for everyone in the chat); needs the number and the message ID, which must be named: there is no default",
        "Delete a chat message",
    ),
    Method::Delete,
    "/chat/{device}/messages/{messageId}",
    &[
        DEVICE,
        MESSAGE_ID_PARAM,
        Param::new(
            "revoke",
            "Revoke for Everyone",
            "Whether to delete the message for everyone in the chat (only within 60 minutes of sending)",
            Kind::Flag {
                default: false,
                destroys: Some("deletes the message for everyone in the chat"),
            },
            query_flag("revoke"),
        )
        .option(),
        Param::new(
            "clean",
            "Clean",
            "Whether to also remove the 'message deleted' notice from the chat",
            FLAG,
            query_flag("clean"),
        )
        .option(),
        Param::new(
            "force",
            "Force",
            "Whether to delete the message on this number even when it cannot be revoked for the recipients",
            FLAG,
            query_flag("force"),
        )
        .option(),
    ],
);

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[LIST, GET, GET_DELIVERY_INFO, EDIT, DELETE];
