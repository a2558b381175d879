//! WhatsApp Numbers: the account's numbers (the API's `/devices`): list,
//! get, create, update and delete them, and delete chats by phone.

use workflow_node_sdk::catalog::{Choice, Kind, Operation, Param, Rule, To};
use workflow_node_sdk::http::Method;

use crate::common::{SHORT_TEXT, body, choice, list, object_id, op, query};
use crate::names::RESOURCE_NUMBERS;
use crate::session::DEVICE;

const STATUSES: &[Choice] = &[
    choice("operative", "Operative", "Numbers in service"),
    choice("pending", "Pending", "Numbers waiting for payment or setup"),
    choice("disabled", "Disabled", "Numbers turned off"),
    choice("removed", "Removed", "Numbers deleted"),
];

const SESSION_STATUSES: &[Choice] = &[
    choice("authorize", "Authorize", "Waiting for a QR scan"),
    choice("online", "Online", "Linked and connected"),
    choice("timeout", "Timeout", "The QR expired"),
    choice("offline", "Offline", "Linked but not connected"),
    choice("error", "Error", "The session failed"),
];

const INCLUDES: &[Choice] = &[
    choice("agents", "Agents", "The team members with access"),
    choice("catalog", "Catalog", "The business catalog"),
    choice("quickReplies", "Quick Replies", "The quick replies"),
];

const EXCLUDES: &[Choice] = &[
    choice("session", "Session", "The session details"),
    choice("profile", "Profile", "The WhatsApp profile"),
    choice("stats", "Stats", "The statistics"),
    choice("queue", "Queue", "The queue's state"),
];

const PLANS: &[Choice] = &[
    choice("professional", "Professional", "The Professional plan"),
    choice("business", "Business", "The Business plan"),
    choice("enterprise", "Enterprise", "The Enterprise plan"),
];

const ALIAS: Param = Param::new(
    "alias",
    "Alias",
    "The number's name in the account (shown in the dashboard)",
    SHORT_TEXT,
    body("/alias"),
);

const DESCRIPTION: Param = Param::new(
    "description",
    "Description",
    "A description of the number",
    SHORT_TEXT,
    body("/description"),
)
.option();

/// List Numbers: `GET /devices`.
pub const LIST: Operation = list(
    RESOURCE_NUMBERS,
    "list",
    (
        "List Numbers",
        "List the account's WhatsApp numbers, optionally by status or search text",
        "List WhatsApp numbers",
    ),
    "/devices",
    &[
        Param::new(
            "status",
            "Status",
            "Only numbers in these states",
            Kind::Multi { choices: STATUSES },
            query("status"),
        )
        .option(),
        Param::new(
            "sessionStatus",
            "Session Status",
            "Only numbers whose WhatsApp session is in these states",
            Kind::Multi {
                choices: SESSION_STATUSES,
            },
            query("sessionStatus"),
        )
        .option(),
        Param::new(
            "search",
            "Search",
            "Only numbers whose alias or phone contains this text",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
        Param::new(
            "ids",
            "IDs",
            "Only these numbers (device IDs, comma-separated)",
            Kind::List {
                of: &object_id("a device ID", None),
                min: 1,
                max: 100,
            },
            query("ids"),
        )
        .option(),
    ],
);

/// Get Number: `GET /devices/{device}`.
pub const GET: Operation = op(
    RESOURCE_NUMBERS,
    "get",
    (
        "Get Number",
        "Get one WhatsApp number with its session, profile and statistics; needs the number",
        "Get a WhatsApp number",
    ),
    Method::Get,
    "/devices/{device}",
    &[
        DEVICE,
        Param::new(
            "include",
            "Include",
            "Related data to add to the answer",
            Kind::Multi { choices: INCLUDES },
            query("include"),
        )
        .option(),
        Param::new(
            "exclude",
            "Exclude",
            "Parts to leave out of the answer",
            Kind::Multi { choices: EXCLUDES },
            query("exclude"),
        )
        .option(),
    ],
);

/// Create Number: `POST /devices`.
pub const CREATE: Operation = op(
    RESOURCE_NUMBERS,
    "create",
    (
        "Create Number",
        "Add a WhatsApp number to the account; needs an alias and a billing plan",
        "Create a WhatsApp number",
    ),
    Method::Post,
    "/devices",
    &[
        ALIAS.required(),
        Param::new(
            "billingPlan",
            "Billing Plan",
            "The plan the number is billed on",
            Kind::Choice {
                choices: PLANS,
                default: "professional",
            },
            body("/billingPlan"),
        )
        .required(),
        DESCRIPTION,
        Param::new(
            "agents",
            "Agents",
            "Team members (user IDs, comma-separated) who get access to the number",
            Kind::List {
                of: &object_id("a user ID", None),
                min: 1,
                max: 100,
            },
            body("/agents"),
        )
        .option(),
    ],
);

/// Update Number: `PATCH /devices/{device}`.
pub const UPDATE: Operation = Operation {
    rules: &[Rule::AtLeastOne(&["alias", "description", "enable", "settings"])],
    ..op(
    RESOURCE_NUMBERS,
    "update",
    (
        "Update Number",
        "Change a WhatsApp number's alias, description or settings, or turn it on or off; needs the number",
        "Update a WhatsApp number",
    ),
    Method::Patch,
    "/devices/{device}",
    &[
        DEVICE,
        Param {
            in_options: true,
            ..ALIAS
        },
        DESCRIPTION,
        Param::new(
            "enable",
            "Enabled",
            "Whether the number is in service",
            crate::common::FLAG,
            body("/enable"),
        )
        .option(),
        Param::new(
            "settings",
            "Settings",
            "The number's settings as JSON, such as {\"deliverySpeed\": \"slow\"} (rebootPolicy, retentionPolicy, deliverySpeed)",
            Kind::Json,
            body("/settings"),
        )
        .option(),
    ],
    )
};

/// Delete Number: `DELETE /devices/{device}`.
pub const DELETE: Operation = op(
    RESOURCE_NUMBERS,
    "delete",
    (
        "Delete Number",
        "Delete a WhatsApp number from the account, with its chats and messages; needs the number, which must be named: there is no default",
        "Delete a WhatsApp number",
    ),
    Method::Delete,
    "/devices/{device}",
    &[DEVICE],
);

/// Delete Chats: `DELETE /devices/{device}/chats` with a bare array of phones.
pub const DELETE_CHATS: Operation = op(
    RESOURCE_NUMBERS,
    "deleteChats",
    (
        "Delete Chats",
        "Delete the chats of 1 to 10 phone numbers from a WhatsApp number; needs the number and the phones",
        "Delete chats of a WhatsApp number",
    ),
    Method::Delete,
    "/devices/{device}/chats",
    &[
        DEVICE,
        Param::new(
            "phones",
            "Phones",
            "The phone numbers (E.164, comma-separated, 1 to 10) whose chats are deleted",
            Kind::List {
                of: &Kind::Phone,
                min: 1,
                max: 10,
            },
            To::Root,
        )
        .required(),
    ],
);

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[LIST, GET, CREATE, UPDATE, DELETE, DELETE_CHATS];
