//! Chats: a WhatsApp number's conversations (the API's `/chat/{device}/…`):
//! list and get them, typing status, sync, read status and internal status,
//! group participants, assignment to a team member, notes, labels,
//! attributes, archive, delete, and bulk updates.

use workflow_node_sdk::catalog::{Body, Choice, Kind, Operation, Param, Rule, To};
use workflow_node_sdk::http::Method;

use crate::common::{
    ANY_CHAT, FLAG, GROUP_CHAT, SHORT_TEXT, USER_CHAT, body, choice, list, object_id, op, query,
    query_flag,
};
use crate::names::{RESOURCE_CHATS, SEARCH_CHATS, SEARCH_GROUPS};
use crate::session::DEVICE;

/// The chat an operation acts on (`{chatWid}`): a contact, a group or a channel.
pub const CHAT_WID: Param = Param::new(
    "chatWid",
    "Chat ID",
    "The chat's WhatsApp ID: digits@c.us for a contact, digits@g.us for a group, digits@newsletter for a channel",
    Kind::ChatId {
        kinds: ANY_CHAT,
        search: Some(SEARCH_CHATS),
    },
    To::Path,
)
.required()
.placeholder("447362053576@c.us");

/// A group chat (`{chatWid}` of Get Group Participants).
const GROUP_WID: Param = Param {
    help: "The group's WhatsApp ID (digits@g.us)",
    kind: Kind::ChatId {
        kinds: GROUP_CHAT,
        search: Some(SEARCH_GROUPS),
    },
    placeholder: Some("120363012345678901@g.us"),
    ..CHAT_WID
};

const STATUS_FILTERS: &[Choice] = &[
    choice("pending", "Pending", "Chats waiting for an answer"),
    choice("active", "Active", "Chats in progress"),
    choice("resolved", "Resolved", "Chats marked as resolved"),
    choice("archived", "Archived", "Archived chats"),
    choice("muted", "Muted", "Muted chats"),
];

const CHAT_TYPES: &[Choice] = &[
    choice("chat", "Chat", "One-to-one chats with contacts"),
    choice("group", "Group", "Group chats"),
    choice("channel", "Channel", "Channels (newsletters)"),
    choice("community", "Community", "Communities"),
];

const INCLUDES: &[Choice] = &[
    choice("messages", "Messages", "The chat's latest messages"),
    choice("notes", "Notes", "The chat's internal notes"),
    choice("participants", "Participants", "A group's participants"),
];

const SORTS: &[Choice] = &[
    choice(
        "lastMessageAt:desc",
        "Most Recent First",
        "Newest last message first",
    ),
    choice(
        "lastMessageAt:asc",
        "Oldest First",
        "Oldest last message first",
    ),
    choice(
        "unreadCount:desc",
        "Unread First",
        "Most unread messages first",
    ),
    choice("name:asc", "Name A-Z", "By name, ascending"),
    choice("name:desc", "Name Z-A", "By name, descending"),
];

const TYPING_ACTIONS: &[Choice] = &[
    choice("typing", "Typing", "Show 'typing…' in the chat"),
    choice(
        "recording",
        "Recording",
        "Show 'recording audio…' in the chat",
    ),
    choice("stop", "Stop", "Stop showing typing or recording"),
];

const STATUSES: &[Choice] = &[
    choice("active", "Active", "In progress"),
    choice("pending", "Pending", "Waiting for an answer"),
    choice("resolved", "Resolved", "Done"),
    choice("archived", "Archived", "Archived"),
    choice("removed", "Removed", "Removed from the chat list"),
];

const ROLES: &[Choice] = &[
    choice("admin", "Admin", "Group admins"),
    choice("owner", "Owner", "The group's owner"),
    choice(
        "participant",
        "Participant",
        "Participants who are not admins",
    ),
];

const PARTICIPANT_INCLUDES: &[Choice] = &[choice(
    "contact",
    "Contact",
    "The participant's contact details, when known",
)];

const BULK_ACTIONS: &[Choice] = &[
    choice("resolve", "Resolve", "Mark the chats as resolved"),
    choice("unresolve", "Unresolve", "Mark the chats as not resolved"),
    choice("pin", "Pin", "Pin the chats"),
    choice("unpin", "Unpin", "Unpin the chats"),
    choice("mute", "Mute", "Mute the chats"),
    choice("unmute", "Unmute", "Unmute the chats"),
    choice(
        "assign",
        "Assign",
        "Assign the chats to a team member (Params: {\"agent\": …, \"department\": …})",
    ),
    choice("unassign", "Unassign", "Remove the chats' assignment"),
    choice("block", "Block", "Block the chats' contacts"),
    choice("unblock", "Unblock", "Unblock the chats' contacts"),
    choice("read", "Read", "Mark the chats as read"),
    choice("unread", "Unread", "Mark the chats as unread"),
    choice(
        "labels",
        "Labels",
        "Add or remove labels (Params: {\"add\": […], \"remove\": […]})",
    ),
];

const USER_ID: Kind = object_id("a user ID", None);
const NOTE_ID: Kind = object_id("a note ID", None);
/// A message or a note to quote: a WhatsApp message ID or a note's 24-hex ID.
const QUOTE_ID: Kind = Kind::Hex {
    min: 16,
    max: 64,
    what: "a message or note ID",
    dropdown: None,
};
/// A label's name (labels are referenced by name).
const LABEL: Kind = Kind::Text { max_chars: 100 };
/// A filter flag: sent as `key=true` or `key=false` when the item gives it.
const fn filter_flag(name: &'static str, label: &'static str, help: &'static str) -> Param {
    Param::new(name, label, help, FLAG, query(name)).option()
}

const LIST_INCLUDE: Param = Param::new(
    "include",
    "Include",
    "Related data to add to each chat",
    Kind::Multi { choices: INCLUDES },
    query("include"),
)
.option();

/// List Chats: `GET /chat/{device}/chats`.
pub const LIST: Operation = list(
    RESOURCE_CHATS,
    "list",
    (
        "List Chats",
        "List a WhatsApp number's chats, optionally filtered by status, type, agent, labels or search text; needs the number",
        "List chats",
    ),
    "/chat/{device}/chats",
    &[
        DEVICE,
        Param::new(
            "status",
            "Status",
            "Only chats in these states",
            Kind::Multi {
                choices: STATUS_FILTERS,
            },
            query("status"),
        )
        .option(),
        filter_flag(
            "unread",
            "Unread",
            "On: only chats with unread messages; off: only chats without",
        ),
        filter_flag(
            "active",
            "Active",
            "On: only active chats, groups and channels; off: only inactive ones",
        ),
        filter_flag(
            "canSend",
            "Can Send",
            "On: only chats that can receive messages; off: only those that cannot",
        ),
        filter_flag(
            "readOnly",
            "Read Only",
            "On: only read-only chats (that accept no messages); off: only writable ones",
        ),
        Param::new(
            "type",
            "Type",
            "Only chats of these types",
            Kind::Multi {
                choices: CHAT_TYPES,
            },
            query("type"),
        )
        .option(),
        Param::new(
            "agent",
            "Agents",
            "Only chats assigned to these team members (user IDs, comma-separated)",
            Kind::List {
                of: &USER_ID,
                min: 1,
                max: 50,
            },
            query("agent"),
        )
        .option(),
        Param::new(
            "search",
            "Search",
            "Only chats whose phone number, name or other details contain this text",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
        Param::new(
            "labels",
            "Labels",
            "Only chats with these labels (names, comma-separated; * for any label)",
            Kind::List {
                of: &LABEL,
                min: 1,
                max: 50,
            },
            query("labels"),
        )
        .option(),
        Param::new(
            "labelsExclude",
            "Exclude Labels",
            "Leave out chats with these labels (names, comma-separated; * for any label)",
            Kind::List {
                of: &LABEL,
                min: 1,
                max: 50,
            },
            query("labelsExclude"),
        )
        .option(),
        LIST_INCLUDE,
        Param::new(
            "sort",
            "Sort",
            "The order of the chats (the API's default: most recent first)",
            Kind::Choice {
                choices: SORTS,
                default: "",
            },
            query("sort"),
        )
        .option(),
    ],
);

/// Get Chat: `GET /chat/{device}/chats/{chatWid}`.
pub const GET: Operation = op(
    RESOURCE_CHATS,
    "get",
    (
        "Get Chat",
        "Get one chat's details (contact, labels, status, assignment); needs the number and the chat ID",
        "Get a chat",
    ),
    Method::Get,
    "/chat/{device}/chats/{chatWid}",
    &[
        DEVICE,
        CHAT_WID,
        Param {
            help: "Related data to add to the chat",
            ..LIST_INCLUDE
        },
    ],
);

/// Send Typing Status: `POST /chat/{device}/typing`.
pub const SEND_TYPING: Operation = Operation {
    rules: &[Rule::ExactlyOne(&["chat", "group"])],
    ..op(
        RESOURCE_CHATS,
        "sendTyping",
        (
            "Send Typing Status",
            "Show 'typing…' or 'recording…' (or stop showing it) in a chat; needs the number, the action and either a contact's chat ID or a group ID",
            "Send typing status",
        ),
        Method::Post,
        "/chat/{device}/typing",
        &[
            DEVICE,
            Param::new(
                "action",
                "Action",
                "What the chat shows",
                Kind::Choice {
                    choices: TYPING_ACTIONS,
                    default: "",
                },
                body("/action"),
            )
            .required(),
            Param::new(
                "chat",
                "Contact Chat ID",
                "The contact's chat (digits@c.us); give this or Group ID",
                Kind::ChatId {
                    kinds: USER_CHAT,
                    search: None,
                },
                body("/chat"),
            )
            .placeholder("447362053576@c.us"),
            Param::new(
                "group",
                "Group ID",
                "The group (digits@g.us); give this or Contact Chat ID",
                Kind::ChatId {
                    kinds: GROUP_CHAT,
                    search: None,
                },
                body("/group"),
            )
            .placeholder("120363012345678901@g.us"),
            Param::new(
                "duration",
                "Duration (Seconds)",
                "How long the status shows, in seconds (the API's default: 2)",
                Kind::Int { min: 2, max: 30 },
                body("/duration"),
            )
            .option(),
        ],
    )
};

/// Sync Chats: `POST /chat/{device}/sync`, no body.
pub const SYNC: Operation = Operation {
    body: Body::None,
    ..op(
        RESOURCE_CHATS,
        "sync",
        (
            "Sync Chats",
            "Ask a WhatsApp number to sync its recent chats and their messages from the phone; needs the number",
            "Sync chats",
        ),
        Method::Post,
        "/chat/{device}/sync",
        &[
            DEVICE,
            Param::new(
                "size",
                "Chats",
                "How many recent chats to sync (the API's default: 50)",
                Kind::Int { min: 1, max: 1000 },
                query("size"),
            )
            .option(),
            Param::new(
                "messages",
                "Messages per Chat",
                "How many messages to sync in each chat (the API's default: 50)",
                Kind::Int { min: 1, max: 1000 },
                query("messages"),
            )
            .option(),
        ],
    )
};

/// Sync Chat Messages: `GET /chat/{device}/chats/{chatWid}/sync`, paged.
pub const SYNC_MESSAGES: Operation = list(
    RESOURCE_CHATS,
    "syncMessages",
    (
        "Sync Chat Messages",
        "Sync one chat's messages from the phone and return them, newest first; needs the number and the chat ID",
        "Sync a chat's messages",
    ),
    "/chat/{device}/chats/{chatWid}/sync",
    &[DEVICE, CHAT_WID],
);

/// Update Read Status: `PATCH /chat/{device}/chats/{chatWid}/unread`.
pub const UPDATE_READ_STATUS: Operation = op(
    RESOURCE_CHATS,
    "updateReadStatus",
    (
        "Update Read Status",
        "Mark a chat as read or as unread; needs the number, the chat ID and Unread (on: unread, off: read)",
        "Mark a chat as read or unread",
    ),
    Method::Patch,
    "/chat/{device}/chats/{chatWid}/unread",
    &[
        DEVICE,
        CHAT_WID,
        Param::new(
            "unread",
            "Unread",
            "On: mark the chat as unread; off: mark it as read",
            FLAG,
            body("/unread"),
        )
        .required(),
    ],
);

/// Set Status: `PATCH /chat/{device}/chats/{chatWid}/status`.
pub const SET_STATUS: Operation = op(
    RESOURCE_CHATS,
    "setStatus",
    (
        "Set Chat Status",
        "Set a chat's internal status (active, pending, resolved, archived or removed); needs the number, the chat ID and the status",
        "Set a chat's status",
    ),
    Method::Patch,
    "/chat/{device}/chats/{chatWid}/status",
    &[
        DEVICE,
        CHAT_WID,
        Param::new(
            "status",
            "Status",
            "The chat's new internal status",
            Kind::Choice {
                choices: STATUSES,
                default: "",
            },
            body("/status"),
        )
        .required(),
    ],
);

/// List Group Participants: `GET /chat/{device}/chats/{chatWid}/participants`.
pub const LIST_PARTICIPANTS: Operation = list(
    RESOURCE_CHATS,
    "listParticipants",
    (
        "List Group Participants",
        "List a group chat's participants, optionally by role, phone or search text; needs the number and the group ID",
        "List a group's participants",
    ),
    "/chat/{device}/chats/{chatWid}/participants",
    &[
        DEVICE,
        GROUP_WID,
        Param::new(
            "search",
            "Search",
            "Only participants whose name, phone number or WhatsApp ID contains this text",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
        Param::new(
            "phone",
            "Phones",
            "Only these participants (E.164 phone numbers, comma-separated)",
            Kind::List {
                of: &Kind::Phone,
                min: 1,
                max: 100,
            },
            query("phone"),
        )
        .option(),
        Param::new(
            "role",
            "Role",
            "Only participants with these roles",
            Kind::Multi { choices: ROLES },
            query("role"),
        )
        .option(),
        filter_flag(
            "contact",
            "Contacts Only",
            "On: only participants saved as contacts on the phone; off: only the others",
        ),
        Param::new(
            "include",
            "Include",
            "Related data to add to each participant",
            Kind::Multi {
                choices: PARTICIPANT_INCLUDES,
            },
            query("include"),
        )
        .option(),
    ],
);

/// Assign Chat: `PATCH /chat/{device}/chats/{chatWid}/owner`.
pub const ASSIGN: Operation = Operation {
    rules: &[Rule::AtLeastOne(&["agent", "department", "email"])],
    ..op(
        RESOURCE_CHATS,
        "assign",
        (
            "Assign Chat",
            "Assign a chat to a team member (by user ID or email) and/or a department; needs the number, the chat ID and at least one of Agent, Department or Agent Email",
            "Assign a chat",
        ),
        Method::Patch,
        "/chat/{device}/chats/{chatWid}/owner",
        &[
            DEVICE,
            CHAT_WID,
            Param::new(
                "agent",
                "Agent",
                "The team member's user ID (24 hexadecimal characters)",
                USER_ID,
                body("/agent"),
            ),
            Param::new(
                "department",
                "Department",
                "The department's ID (24 hexadecimal characters)",
                object_id("a department ID", None),
                body("/department"),
            ),
            Param::new(
                "email",
                "Agent Email",
                "The team member's email, instead of their user ID",
                SHORT_TEXT,
                body("/email"),
            ),
        ],
    )
};

/// Unassign Chat: `DELETE /chat/{device}/chats/{chatWid}/owner`.
pub const UNASSIGN: Operation = op(
    RESOURCE_CHATS,
    "unassign",
    (
        "Unassign Chat",
        "Remove a chat's assignment to a team member or department; needs the number and the chat ID",
        "Unassign a chat",
    ),
    Method::Delete,
    "/chat/{device}/chats/{chatWid}/owner",
    &[DEVICE, CHAT_WID],
);

/// Create Note: `POST /chat/{device}/chats/{chatWid}/notes`.
pub const CREATE_NOTE: Operation = op(
    RESOURCE_CHATS,
    "createNote",
    (
        "Create Chat Note",
        "Add a private note to a chat, seen only by the team; needs the number, the chat ID and the note's text",
        "Create a chat note",
    ),
    Method::Post,
    "/chat/{device}/chats/{chatWid}/notes",
    &[
        DEVICE,
        CHAT_WID,
        Param::new(
            "message",
            "Note",
            "The note's text (2 to 6,000 characters; WhatsApp formatting allowed)",
            Kind::Text { max_chars: 6000 },
            body("/message"),
        )
        .required(),
        Param::new(
            "quote",
            "Quote",
            "The ID of a message or note the note quotes",
            QUOTE_ID,
            body("/quote"),
        )
        .option(),
        Param::new(
            "author",
            "Author",
            "The user ID of the team member shown as the note's author",
            USER_ID,
            body("/author"),
        )
        .option(),
    ],
);

/// Delete Notes: `DELETE /chat/{device}/chats/{chatWid}/notes` with a body.
pub const DELETE_NOTES: Operation = op(
    RESOURCE_CHATS,
    "deleteNotes",
    (
        "Delete Chat Notes",
        "Delete private notes of a chat; needs the number, the chat ID and the note IDs",
        "Delete chat notes",
    ),
    Method::Delete,
    "/chat/{device}/chats/{chatWid}/notes",
    &[
        DEVICE,
        CHAT_WID,
        Param::new(
            "ids",
            "Note IDs",
            "The notes to delete (IDs of 24 hexadecimal characters, comma-separated)",
            Kind::List {
                of: &NOTE_ID,
                min: 1,
                max: 100,
            },
            body("/ids"),
        )
        .required(),
    ],
);

/// Update Labels: `PATCH /chat/{device}/chats/{chatWid}/labels` with a bare
/// array of label names; `upsert=true` adds, `remove=true` removes, neither replaces.
pub const UPDATE_LABELS: Operation = op(
    RESOURCE_CHATS,
    "updateLabels",
    (
        "Update Chat Labels",
        "Set a chat's labels to these names, or with Add Only add them or with Remove Only remove them; needs the number, the chat ID and the label names",
        "Update a chat's labels",
    ),
    Method::Patch,
    "/chat/{device}/chats/{chatWid}/labels",
    &[
        DEVICE,
        CHAT_WID,
        Param::new(
            "labels",
            "Labels",
            "The label names (comma-separated); without Add Only or Remove Only they replace all the chat's labels",
            Kind::List {
                of: &LABEL,
                min: 1,
                max: 50,
            },
            To::Root,
        )
        .required(),
        Param::new(
            "upsert",
            "Add Only",
            "Whether to add the labels and keep the chat's others (instead of replacing them all); do not combine with Remove Only",
            FLAG,
            query_flag("upsert"),
        )
        .option(),
        Param::new(
            "remove",
            "Remove Only",
            "Whether to remove these labels from the chat and keep its others; do not combine with Add Only",
            FLAG,
            query_flag("remove"),
        )
        .option(),
    ],
);

/// Update Attributes: `PATCH /chat/{device}/chats/{chatWid}/attributes`.
pub const UPDATE_ATTRIBUTES: Operation = Operation {
    rules: &[Rule::AtLeastOne(&["pinned", "muted"])],
    ..op(
        RESOURCE_CHATS,
        "updateAttributes",
        (
            "Update Chat Attributes",
            "Pin or unpin, mute or unmute a chat; needs the number, the chat ID and Pinned or Muted",
            "Update a chat's attributes",
        ),
        Method::Patch,
        "/chat/{device}/chats/{chatWid}/attributes",
        &[
            DEVICE,
            CHAT_WID,
            Param::new(
                "pinned",
                "Pinned",
                "On: pin the chat; off: unpin it",
                FLAG,
                body("/pinned"),
            )
            .option(),
            Param::new(
                "muted",
                "Muted",
                "On: mute the chat; off: unmute it",
                FLAG,
                body("/muted"),
            )
            .option(),
        ],
    )
};

/// Archive Chat: `PUT /chat/{device}/chats/{chatWid}/archive`, no body.
pub const ARCHIVE: Operation = Operation {
    body: Body::None,
    ..op(
        RESOURCE_CHATS,
        "archive",
        (
            "Archive Chat",
            "Archive a chat; needs the number and the chat ID",
            "Archive a chat",
        ),
        Method::Put,
        "/chat/{device}/chats/{chatWid}/archive",
        &[DEVICE, CHAT_WID],
    )
};

/// Unarchive Chat: `DELETE /chat/{device}/chats/{chatWid}/archive`.
pub const UNARCHIVE: Operation = op(
    RESOURCE_CHATS,
    "unarchive",
    (
        "Unarchive Chat",
        "Take a chat out of the archive; needs the number and the chat ID",
        "Unarchive a chat",
    ),
    Method::Delete,
    "/chat/{device}/chats/{chatWid}/archive",
    &[DEVICE, CHAT_WID],
);

/// Delete Chat: `DELETE /chat/{device}/chats/{chatWid}`, an optional body.
pub const DELETE: Operation = op(
    RESOURCE_CHATS,
    "delete",
    (
        "Delete Chat",
        "Delete a chat and its messages from the API (and with Delete on Phone also from the phone); needs the number and the chat ID, which must be named: there is no default",
        "Delete a chat",
    ),
    Method::Delete,
    "/chat/{device}/chats/{chatWid}",
    &[
        DEVICE,
        CHAT_WID,
        Param::new(
            "whatsapp",
            "Delete on Phone",
            "Whether to also delete the chat in WhatsApp on the phone",
            Kind::Flag {
                default: false,
                destroys: Some("also deletes the chat on the phone"),
            },
            body("/whatsapp"),
        )
        .option(),
        Param::new(
            "force",
            "Force",
            "With Delete on Phone: whether to mark the chat as deleted even when deleting it on the phone fails",
            FLAG,
            body("/force"),
        )
        .option(),
    ],
);

/// Bulk Update Chats: `PATCH /chat/{device}/chats`.
pub const BULK_UPDATE: Operation = op(
    RESOURCE_CHATS,
    "bulkUpdate",
    (
        "Bulk Update Chats",
        "Apply one action (resolve, pin, mute, assign, block, read, labels…) to several chats at once; needs the number, the action and the chat IDs, and Params for assign and labels",
        "Update chats in bulk",
    ),
    Method::Patch,
    "/chat/{device}/chats",
    &[
        DEVICE,
        Param::new(
            "action",
            "Action",
            "What to do to every chat",
            Kind::Choice {
                choices: BULK_ACTIONS,
                default: "",
            },
            body("/action"),
        )
        .required(),
        Param::new(
            "chats",
            "Chat IDs",
            "The chats (WhatsApp IDs such as 447362053576@c.us or …@g.us, comma-separated)",
            Kind::List {
                of: &Kind::ChatId {
                    kinds: ANY_CHAT,
                    search: None,
                },
                min: 1,
                max: 500,
            },
            body("/chats"),
        )
        .required(),
        Param::new(
            "params",
            "Params",
            "The action's parameters as JSON: {\"add\": [\"label\"], \"remove\": [\"label\"]} for labels, {\"agent\": \"<user ID>\", \"department\": \"<ID>\"} for assign",
            Kind::Json,
            body("/params"),
        )
        .option(),
    ],
);

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[
    LIST,
    GET,
    SEND_TYPING,
    SYNC,
    SYNC_MESSAGES,
    UPDATE_READ_STATUS,
    SET_STATUS,
    LIST_PARTICIPANTS,
    ASSIGN,
    UNASSIGN,
    CREATE_NOTE,
    DELETE_NOTES,
    UPDATE_LABELS,
    UPDATE_ATTRIBUTES,
    ARCHIVE,
    UNARCHIVE,
    DELETE,
    BULK_UPDATE,
];
