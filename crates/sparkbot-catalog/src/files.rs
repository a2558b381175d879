//! Files: the files uploaded to the account for outbound messages (the
//! API's `/files`): search, upload (from a URL or from the input's binary
//! data), get, update, download, preview, delete one, and delete in bulk.

use workflow_node_sdk::catalog::{Choice, Kind, Operation, Param, Rule, Run, Shape, Timeout, To};
use workflow_node_sdk::http::Method;

use crate::common::{
    DATE, DEVICE_FILTER, SHORT_TEXT, UPLOAD_EXTRA_MS, body, choice, download, list, object_id, op,
    query,
};
use crate::names::{GET_FILES, RESOURCE_FILES, RUN_UPLOAD};
use crate::session::REQUEST_MS;

const FILE_ID: Param = Param::new(
    "fileId",
    "File ID",
    "The uploaded file, by its ID of 24 hexadecimal characters (Search Files or Upload File gives it)",
    object_id("a file ID", Some(GET_FILES)),
    To::Path,
)
.required();

const FORMATS: &[Choice] = &[
    choice("native", "Native", "WhatsApp's native media type"),
    choice("gif", "GIF", "A video shown as a GIF"),
    choice("ptt", "Voice Note", "An audio file played as a voice note"),
];

const KINDS: &[Choice] = &[
    choice("image", "Image", "Images"),
    choice("video", "Video", "Videos"),
    choice("audio", "Audio", "Audio files"),
    choice("document", "Document", "Documents"),
    choice("file", "File", "Other files"),
];

const PERMISSIONS: &[Choice] = &[
    choice("public", "Public", "Anyone with the link can read it"),
    choice("readonly", "Read Only", "Team members can read it"),
    choice("private", "Private", "Only its owner"),
];

const FORMAT: Param = Param::new(
    "format",
    "Format",
    "How WhatsApp shows the file when sent (native, gif or ptt)",
    Kind::Choice {
        choices: FORMATS,
        default: "",
    },
    body("/format"),
)
.option();

const FILENAME: Param = Param::new(
    "filename",
    "File Name",
    "The file's name, such as invoice.pdf",
    SHORT_TEXT,
    body("/filename"),
)
.option();

const REFERENCE: Param = Param::new(
    "reference",
    "Reference",
    "Your own reference for the file, to find it later",
    SHORT_TEXT,
    body("/reference"),
)
.option();

const EXPIRATION: Param = Param::new(
    "expiration",
    "Expiration",
    "How long the API keeps the file, from 10m to 2y (such as 30d)",
    Kind::Text { max_chars: 10 },
    body("/expiration"),
)
.option();

const PERMISSION: Param = Param::new(
    "permission",
    "Permission",
    "Who can read the file",
    Kind::Choice {
        choices: PERMISSIONS,
        default: "",
    },
    body("/permission"),
)
.option();

const TAGS: Param = Param::new(
    "tags",
    "Tags",
    "Tags to find the file by (comma-separated)",
    Kind::List {
        of: &SHORT_TEXT,
        min: 1,
        max: 20,
    },
    body("/tags"),
)
.option();

/// Where an upload's bytes come from.
pub const SOURCES: &[Choice] = &[
    choice(
        "url",
        "URL",
        "The API downloads the file from a public http(s) URL",
    ),
    choice(
        "binary",
        "Binary Data",
        "A file of the input item (such as from Read/Write Files from Disk or an HTTP Request), uploaded as multipart",
    ),
];

const SOURCE: Param = Param::new(
    "source",
    "File Source",
    "Where the file comes from: a public URL, or a binary property of the input item",
    Kind::Choice {
        choices: SOURCES,
        default: "url",
    },
    To::Local,
);

/// The input item's binary property an upload takes (the name n8n uses).
pub const BINARY_PROPERTY: &str = "binaryPropertyName";

/// Search Files: `GET /files`.
pub const SEARCH: Operation = list(
    RESOURCE_FILES,
    "search",
    (
        "Search Files",
        "List the files uploaded to the account, optionally filtered by name, kind, reference or tags",
        "Search uploaded files",
    ),
    "/files",
    &[
        Param::new(
            "search",
            "Search",
            "Only files whose name or reference contains this text",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
        Param::new(
            "kind",
            "Kind",
            "Only files of these kinds",
            Kind::Multi { choices: KINDS },
            query("kind"),
        )
        .option(),
        Param::new(
            "reference",
            "Reference",
            "Only the file with this reference",
            SHORT_TEXT,
            query("reference"),
        )
        .option(),
        Param::new(
            "tags",
            "Tags",
            "Only files with these tags (comma-separated)",
            Kind::List {
                of: &SHORT_TEXT,
                min: 1,
                max: 20,
            },
            query("tags"),
        )
        .option(),
        DEVICE_FILTER,
        Param::new(
            "after",
            "Uploaded After",
            "Only files uploaded after this date and time",
            DATE,
            query("after"),
        )
        .option(),
        Param::new(
            "before",
            "Uploaded Before",
            "Only files uploaded before this date and time",
            DATE,
            query("before"),
        )
        .option(),
    ],
);

/// Upload File: `POST /files`, JSON with a URL or multipart with the bytes.
pub const UPLOAD: Operation = Operation {
    rules: &[Rule::ExactlyOne(&["url", BINARY_PROPERTY])],
    shape: Shape::Each,
    run: Run::Custom(RUN_UPLOAD),
    timeout: Timeout {
        extra_ms: UPLOAD_EXTRA_MS,
        ..Timeout::fixed(REQUEST_MS)
    },
    ..op(
        RESOURCE_FILES,
        "upload",
        (
            "Upload File",
            "Upload a file to the account, from a public URL or from the input item's binary data, to send it later by its file ID; a file uploaded before gives its existing ID",
            "Upload a file",
        ),
        Method::Post,
        "/files",
        &[
            SOURCE,
            Param::new(
                "url",
                "URL",
                "The public http(s) URL the API downloads the file from",
                Kind::Text { max_chars: 2048 },
                body("/url"),
            )
            .placeholder("https://example.com/invoice.pdf")
            .when("source", &["url"]),
            Param::new(
                BINARY_PROPERTY,
                "Input Binary Field",
                "The name of the input item's binary property that holds the file (up to 16 MiB)",
                Kind::Binary,
                To::Local,
            )
            .when("source", &["binary"]),
            FILENAME,
            REFERENCE,
            FORMAT,
            EXPIRATION,
            PERMISSION,
            TAGS,
        ],
    )
};

/// Get File: `GET /files/{fileId}`.
pub const GET: Operation = op(
    RESOURCE_FILES,
    "get",
    (
        "Get File",
        "Get an uploaded file's details (name, size, type, expiry); needs its file ID",
        "Get an uploaded file",
    ),
    Method::Get,
    "/files/{fileId}",
    &[FILE_ID],
);

/// Update File: `PATCH /files/{fileId}`.
pub const UPDATE: Operation = Operation {
    rules: &[Rule::AtLeastOne(&[
        "filename",
        "reference",
        "format",
        "expiration",
        "permission",
        "tags",
    ])],
    ..op(
        RESOURCE_FILES,
        "update",
        (
            "Update File",
            "Change an uploaded file's name, reference, format, expiry, permission or tags; needs its file ID and at least one change",
            "Update an uploaded file",
        ),
        Method::Patch,
        "/files/{fileId}",
        &[
            FILE_ID, FILENAME, REFERENCE, FORMAT, EXPIRATION, PERMISSION, TAGS,
        ],
    )
};

/// Download File: `GET /files/{fileId}/download`.
pub const DOWNLOAD: Operation = download(
    RESOURCE_FILES,
    "download",
    (
        "Download File",
        "Download an uploaded file as binary data (property data) a next node can save or send; needs its file ID",
        "Download an uploaded file",
    ),
    "/files/{fileId}/download",
    &[FILE_ID],
);

/// Get File Preview: `GET /files/{fileId}/preview`.
pub const PREVIEW: Operation = download(
    RESOURCE_FILES,
    "preview",
    (
        "Get File Preview",
        "Download an uploaded file's thumbnail image as binary data (property data); needs its file ID",
        "Get the preview of an uploaded file",
    ),
    "/files/{fileId}/preview",
    &[FILE_ID],
);

/// Delete File: `DELETE /files/{fileId}`.
pub const DELETE: Operation = op(
    RESOURCE_FILES,
    "delete",
    (
        "Delete File",
        "Delete one uploaded file; needs its file ID, which must be named: there is no default",
        "Delete an uploaded file",
    ),
    Method::Delete,
    "/files/{fileId}",
    &[FILE_ID],
);

/// Delete Files: `DELETE /files` with filters in its JSON body.
pub const DELETE_MANY: Operation = Operation {
    // Never every file on a default: at least one filter.
    rules: &[Rule::AtLeastOne(&["ids", "before", "tags", "reference"])],
    body: workflow_node_sdk::catalog::Body::Object,
    ..op(
        RESOURCE_FILES,
        "deleteMany",
        (
            "Delete Files",
            "Delete the uploaded files that match the filters (IDs, uploaded before a date, tags or reference); needs at least one filter, never all files by default",
            "Delete uploaded files in bulk",
        ),
        Method::Delete,
        "/files",
        &[
            Param::new(
                "ids",
                "File IDs",
                "The files to delete, by ID (comma-separated, up to 100)",
                Kind::List {
                    of: &object_id("a file ID", None),
                    min: 1,
                    max: 100,
                },
                body("/ids"),
            ),
            Param::new(
                "before",
                "Uploaded Before",
                "Delete the files uploaded before this date and time",
                DATE,
                body("/before"),
            ),
            Param::new(
                "tags",
                "Tags",
                "Delete the files with these tags (comma-separated)",
                Kind::List {
                    of: &SHORT_TEXT,
                    min: 1,
                    max: 20,
                },
                body("/tags"),
            ),
            Param::new(
                "reference",
                "Reference",
                "Delete the file with this reference",
                SHORT_TEXT,
                body("/reference"),
            ),
        ],
    )
};

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[
    SEARCH,
    UPLOAD,
    GET,
    UPDATE,
    DOWNLOAD,
    PREVIEW,
    DELETE,
    DELETE_MANY,
];
