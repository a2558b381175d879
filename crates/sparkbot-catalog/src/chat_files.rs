//! Chat Files: the media received or sent in a WhatsApp number's chats
//! (the API's `/chat/{device}/files`): list them, get one's details, and
//! download one as binary data.

use workflow_node_sdk::catalog::{Choice, Kind, Operation, Param, To};
use workflow_node_sdk::http::Method;

use crate::common::{
    ANY_CHAT, DATE, MESSAGE_ID, SHORT_TEXT, choice, download, list, object_id, op, query,
};
use crate::names::RESOURCE_CHAT_FILES;
use crate::session::DEVICE;

const FILE_ID_KIND: Kind = object_id("a chat file ID", None);

/// The file an operation acts on (`{fileId}`).
pub const FILE_ID: Param = Param::new(
    "fileId",
    "File ID",
    "The chat file's ID (24 hexadecimal characters)",
    FILE_ID_KIND,
    To::Path,
)
.required();

const TYPES: &[Choice] = &[
    choice("image", "Image", "Images"),
    choice("video", "Video", "Videos"),
    choice("audio", "Audio", "Audio files"),
    choice("ptt", "Voice", "Voice notes"),
    choice("document", "Document", "Documents"),
    choice("sticker", "Sticker", "Stickers"),
];

const FLOWS: &[Choice] = &[
    choice("in", "Inbound", "Files received"),
    choice("out", "Outbound", "Files sent"),
];

const SORTS: &[Choice] = &[
    choice("date:desc", "Newest First", "By date, newest first"),
    choice("date:asc", "Oldest First", "By date, oldest first"),
    choice("size:desc", "Largest First", "By size, largest first"),
    choice("size:asc", "Smallest First", "By size, smallest first"),
];

/// List Chat Files: `GET /chat/{device}/files`.
pub const LIST: Operation = list(
    RESOURCE_CHAT_FILES,
    "list",
    (
        "List Chat Files",
        "List the media files received or sent in a WhatsApp number's chats, optionally by type, chat, message, direction, date or search text; needs the number",
        "List chat files",
    ),
    "/chat/{device}/files",
    &[
        DEVICE,
        Param::new(
            "type",
            "Type",
            "Only files of these media types",
            Kind::Multi { choices: TYPES },
            query("type"),
        )
        .option(),
        Param::new(
            "search",
            "Search",
            "Only files whose name, caption, message ID or chat ID contains this text",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
        Param::new(
            "chat",
            "Chat IDs",
            "Only files of these chats (WhatsApp IDs such as 447362053576@c.us, comma-separated)",
            Kind::List {
                of: &Kind::ChatId {
                    kinds: ANY_CHAT,
                    search: None,
                },
                min: 1,
                max: 100,
            },
            query("chat"),
        )
        .option(),
        Param::new(
            "ids",
            "File IDs",
            "Only these files (IDs of 24 hexadecimal characters, comma-separated)",
            Kind::List {
                of: &FILE_ID_KIND,
                min: 1,
                max: 100,
            },
            query("ids"),
        )
        .option(),
        Param::new(
            "message",
            "Message IDs",
            "Only files of these messages (WhatsApp message IDs, comma-separated)",
            Kind::List {
                of: &MESSAGE_ID,
                min: 1,
                max: 100,
            },
            query("message"),
        )
        .option(),
        Param::new(
            "flow",
            "Flow",
            "Only files received (inbound) or only those sent (outbound)",
            Kind::Choice {
                choices: FLOWS,
                default: "",
            },
            query("flow"),
        )
        .option(),
        Param::new(
            "after",
            "Created After",
            "Only files created after this date and time (ISO 8601)",
            DATE,
            query("after"),
        )
        .option(),
        Param::new(
            "before",
            "Created Before",
            "Only files created before this date and time (ISO 8601)",
            DATE,
            query("before"),
        )
        .option(),
        Param::new(
            "sort",
            "Sort",
            "The order of the files (the API's default: newest first)",
            Kind::Choice {
                choices: SORTS,
                default: "",
            },
            query("sort"),
        )
        .option(),
    ],
);

/// Get Chat File: `GET /chat/{device}/files/{fileId}`.
pub const GET: Operation = op(
    RESOURCE_CHAT_FILES,
    "get",
    (
        "Get Chat File",
        "Get one chat file's details (name, type, size, message and chat); needs the number and the file ID",
        "Get a chat file",
    ),
    Method::Get,
    "/chat/{device}/files/{fileId}",
    &[DEVICE, FILE_ID],
);

/// Download Chat File: `GET /chat/{device}/files/{fileId}/download`, as binary `data`.
pub const DOWNLOAD: Operation = download(
    RESOURCE_CHAT_FILES,
    "download",
    (
        "Download Chat File",
        "Download a chat file's content into the binary property 'data' (with its file name and MIME type); needs the number and the file ID",
        "Download a chat file",
    ),
    "/chat/{device}/files/{fileId}/download",
    &[DEVICE, FILE_ID],
);

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[LIST, GET, DOWNLOAD];
