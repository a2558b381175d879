//! Chat Contacts: a WhatsApp number's contacts (the API's
//! `/chat/{device}/contacts`): list, get, create, update and delete them,
//! their metadata, bulk creation, and blocking (on `/devices/{device}/block`).

use workflow_node_sdk::catalog::{Choice, Kind, Operation, Param, Rule, To};
use workflow_node_sdk::http::Method;

use crate::common::{DATE, FLAG, SHORT_TEXT, USER_CHAT, body, choice, list, object_id, op, query};
use crate::names::{RESOURCE_CHAT_CONTACTS, SEARCH_CONTACTS};
use crate::session::DEVICE;

/// The contact an operation acts on (`{contactWid}`).
pub const CONTACT_WID: Param = Param::new(
    "contactWid",
    "Contact ID",
    "The contact's WhatsApp ID (digits@c.us)",
    Kind::ChatId {
        kinds: USER_CHAT,
        search: Some(SEARCH_CONTACTS),
    },
    To::Path,
)
.required()
.placeholder("447362053576@c.us");

const TYPES: &[Choice] = &[
    choice("personal", "Personal", "Personal WhatsApp accounts"),
    choice("business", "Business", "WhatsApp Business accounts"),
    choice("user", "User", "Personal and business accounts"),
    choice("group", "Group", "Groups"),
    choice("channel", "Channel", "Channels"),
    choice("private", "Private", "Private contacts"),
];

const HAS: &[Choice] = &[
    choice("email", "Email", "Contacts with an email"),
    choice("chat", "Chat", "Contacts with a chat"),
];

const INCLUDES: &[Choice] = &[choice("chat", "Chat", "The contact's chat")];

const SORTS: &[Choice] = &[
    choice("name:asc", "Name A-Z", "By name, ascending"),
    choice("name:desc", "Name Z-A", "By name, descending"),
    choice(
        "createdAt:desc",
        "Newest First",
        "Most recently created first",
    ),
    choice(
        "createdAt:asc",
        "Oldest First",
        "Least recently created first",
    ),
    choice(
        "updatedAt:desc",
        "Recently Updated First",
        "Most recently updated first",
    ),
    choice(
        "updatedAt:asc",
        "Least Recently Updated First",
        "Least recently updated first",
    ),
];

const KINDS: &[Choice] = &[
    choice("personal", "Personal", "A person"),
    choice("business", "Business", "A business"),
];

const GENDERS: &[Choice] = &[
    choice("male", "Male", "Male"),
    choice("female", "Female", "Female"),
    choice("other", "Other", "Other"),
];

const NOTIFICATIONS: &[Choice] = &[
    choice("on", "On", "Notify as usual"),
    choice("mute", "Mute", "Do not notify"),
    choice("ignore", "Ignore", "Ignore the contact's messages"),
];

/// The fields Update Contact can clear (`$remove`).
const REMOVABLE: &[Choice] = &[
    choice("name", "Name", ""),
    choice("surname", "Surname", ""),
    choice("title", "Title", ""),
    choice("gender", "Gender", ""),
    choice("altPhone", "Alternative Phone", ""),
    choice("email", "Email", ""),
    choice("description", "Description", ""),
    choice("languages", "Languages", ""),
    choice("companyName", "Company Name", ""),
    choice("companyRole", "Company Role", ""),
    choice("companyCode", "Company Code", ""),
    choice("companyTaxId", "Company Tax ID", ""),
    choice("companyWebsite", "Company Website", ""),
    choice("companyEmail", "Company Email", ""),
    choice("companyPhone", "Company Phone", ""),
    choice("companyCountry", "Company Country", ""),
    choice("currency", "Currency", ""),
    choice("address", "Address", ""),
    choice("city", "City", ""),
    choice("postalCode", "Postal Code", ""),
    choice("country", "Country", ""),
    choice("timezone", "Timezone", ""),
    choice("notes", "Notes", ""),
    choice("birthday", "Birthday", ""),
    choice("crm", "CRM", ""),
    choice("crmRef", "CRM Reference", ""),
    choice("links", "Links", ""),
    choice("sync", "Sync", ""),
];

/// A text field of a contact, among the options.
const fn field(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    max_chars: usize,
    pointer: &'static str,
) -> Param {
    Param::new(name, label, help, Kind::Text { max_chars }, body(pointer)).option()
}

/// A metadata entry (a row): `key` and `value`.
const METADATA_FIELDS: &[Param] = &[
    Param::new(
        "key",
        "Key",
        "The entry's key (letters, digits and _)",
        Kind::Text { max_chars: 100 },
        body("/key"),
    )
    .required(),
    Param::new(
        "value",
        "Value",
        "The entry's value (up to 300 characters)",
        Kind::Text { max_chars: 300 },
        body("/value"),
    )
    .required(),
];

const METADATA_KIND: Kind = Kind::Rows {
    group: "metadataValues",
    fields: METADATA_FIELDS,
    min: 1,
    max: 100,
};

const NAME: Param = field(
    "name",
    "Name",
    "The first name (up to 30 characters)",
    30,
    "/name",
);
const SURNAME: Param = field(
    "surname",
    "Surname",
    "The last name (up to 50 characters)",
    50,
    "/surname",
);
const TITLE: Param = field(
    "title",
    "Title",
    "A title such as Dr. (up to 15 characters)",
    15,
    "/title",
);
const KIND: Param = Param::new(
    "kind",
    "Kind",
    "Whether the contact is a person or a business",
    Kind::Choice {
        choices: KINDS,
        default: "",
    },
    body("/kind"),
)
.option();
const GENDER: Param = Param::new(
    "gender",
    "Gender",
    "The contact's gender",
    Kind::Choice {
        choices: GENDERS,
        default: "",
    },
    body("/gender"),
)
.option();
const ALT_PHONE: Param = Param::new(
    "altPhone",
    "Alternative Phone",
    "A second phone number (E.164, such as +447362053576)",
    Kind::Phone,
    body("/altPhone"),
)
.option();
const EMAIL: Param = field("email", "Email", "The email address", 100, "/email");
const DESCRIPTION: Param = field(
    "description",
    "Description",
    "A short description (up to 100 characters)",
    100,
    "/description",
);
const LANGUAGES: Param = Param::new(
    "languages",
    "Languages",
    "Up to 3 language codes, comma-separated (such as en, es)",
    Kind::List {
        of: &Kind::Text { max_chars: 10 },
        min: 1,
        max: 3,
    },
    body("/languages"),
)
.option();
const COMPANY_NAME: Param = field(
    "companyName",
    "Company Name",
    "The company's name (up to 50 characters)",
    50,
    "/companyName",
);
const COMPANY_ROLE: Param = field(
    "companyRole",
    "Company Role",
    "The contact's role in the company (up to 30 characters)",
    30,
    "/companyRole",
);
const ADDRESS: Param = field(
    "address",
    "Address",
    "The street address (up to 100 characters)",
    100,
    "/address",
);
const CITY: Param = field(
    "city",
    "City",
    "The city (up to 30 characters)",
    30,
    "/city",
);
const POSTAL_CODE: Param = field(
    "postalCode",
    "Postal Code",
    "The postal code (up to 20 characters)",
    20,
    "/postalCode",
);
const COUNTRY: Param = field(
    "country",
    "Country",
    "The country's ISO 3166 code (such as GB)",
    10,
    "/country",
);
const TIMEZONE: Param = field(
    "timezone",
    "Timezone",
    "The time zone (such as Europe/London)",
    50,
    "/timezone",
);
const NOTES: Param = field(
    "notes",
    "Notes",
    "Internal notes about the contact (up to 3,000 characters)",
    3000,
    "/notes",
);
const BIRTHDAY: Param = Param::new(
    "birthday",
    "Birthday",
    "The birthday (ISO 8601 date, such as 1990-12-24)",
    DATE,
    body("/birthday"),
)
.option();
const NOTIFY: Param = Param::new(
    "notifications",
    "Notifications",
    "How the contact's messages notify",
    Kind::Choice {
        choices: NOTIFICATIONS,
        default: "",
    },
    body("/notifications"),
)
.option();
const CRM: Param = field(
    "crm",
    "CRM",
    "The external CRM's name (such as hubspot)",
    50,
    "/crm",
);
const CRM_REF: Param = field(
    "crmRef",
    "CRM Reference",
    "The contact's ID or URL in the external CRM",
    300,
    "/crmRef",
);
const SYNC: Param = Param::new(
    "sync",
    "Sync Across Numbers",
    "Whether to share the contact with every WhatsApp number of the account",
    FLAG,
    body("/sync"),
)
.option();
const METADATA: Param = Param::new(
    "metadata",
    "Metadata",
    "Key-value entries stored with the contact",
    METADATA_KIND,
    body("/metadata"),
)
.option();

/// List Contacts: `GET /chat/{device}/contacts`.
pub const LIST: Operation = list(
    RESOURCE_CHAT_CONTACTS,
    "list",
    (
        "List Contacts",
        "List a WhatsApp number's contacts, optionally by type, country, labels, metadata, dates or search text; needs the number",
        "List contacts",
    ),
    "/chat/{device}/contacts",
    &[
        DEVICE,
        Param::new(
            "search",
            "Search",
            "Only contacts whose name, phone, email or other details contain this text",
            SHORT_TEXT,
            query("search"),
        )
        .option(),
        Param::new(
            "type",
            "Type",
            "Only contacts of these types",
            Kind::Multi { choices: TYPES },
            query("type"),
        )
        .option(),
        Param::new(
            "has",
            "Has",
            "Only contacts that have all of these",
            Kind::Multi { choices: HAS },
            query("has"),
        )
        .option(),
        Param::new(
            "hasChat",
            "Has Chat",
            "On: only contacts with a chat; off: only those without (older form of Has: Chat)",
            FLAG,
            query("hasChat"),
        )
        .option(),
        Param::new(
            "country",
            "Countries",
            "Only contacts of these countries (ISO 3166 codes, comma-separated, such as GB, ES)",
            Kind::List {
                of: &Kind::Text { max_chars: 10 },
                min: 1,
                max: 50,
            },
            query("country"),
        )
        .option(),
        Param::new(
            "labels",
            "Labels",
            "Only contacts whose chat has these labels (names, comma-separated; * for any label)",
            Kind::List {
                of: &Kind::Text { max_chars: 100 },
                min: 1,
                max: 50,
            },
            query("labels"),
        )
        .option(),
        Param::new(
            "labelsExclude",
            "Exclude Labels",
            "Leave out contacts whose chat has these labels (names, comma-separated; * for any label)",
            Kind::List {
                of: &Kind::Text { max_chars: 100 },
                min: 1,
                max: 50,
            },
            query("labelsExclude"),
        )
        .option(),
        Param::new(
            "include",
            "Include",
            "Related data to add to each contact",
            Kind::Multi { choices: INCLUDES },
            query("include"),
        )
        .option(),
        Param::new(
            "metadataKey",
            "Metadata Keys",
            "Only contacts with these metadata keys (comma-separated)",
            Kind::List {
                of: &Kind::Text { max_chars: 100 },
                min: 1,
                max: 50,
            },
            query("metadataKey"),
        )
        .option(),
        Param::new(
            "metadataValue",
            "Metadata Values",
            "Only contacts with these metadata values (comma-separated)",
            Kind::List {
                of: &Kind::Text { max_chars: 300 },
                min: 1,
                max: 50,
            },
            query("metadataValue"),
        )
        .option(),
        Param::new(
            "after",
            "Created After",
            "Only contacts created after this date and time (ISO 8601)",
            DATE,
            query("after"),
        )
        .option(),
        Param::new(
            "before",
            "Created Before",
            "Only contacts created before this date and time (ISO 8601)",
            DATE,
            query("before"),
        )
        .option(),
        Param::new(
            "updatedAfter",
            "Updated After",
            "Only contacts updated after this date and time (ISO 8601)",
            DATE,
            query("updatedAfter"),
        )
        .option(),
        Param::new(
            "updatedBefore",
            "Updated Before",
            "Only contacts updated before this date and time (ISO 8601)",
            DATE,
            query("updatedBefore"),
        )
        .option(),
        Param::new(
            "lastMessageAfter",
            "Last Message After",
            "Only contacts whose last message came after this date and time (ISO 8601)",
            DATE,
            query("lastMessageAfter"),
        )
        .option(),
        Param::new(
            "lastMessageBefore",
            "Last Message Before",
            "Only contacts whose last message came before this date and time (ISO 8601)",
            DATE,
            query("lastMessageBefore"),
        )
        .option(),
        Param::new(
            "sort",
            "Sort",
            "The order of the contacts (the API's default: by name)",
            Kind::Choice {
                choices: SORTS,
                default: "",
            },
            query("sort"),
        )
        .option(),
    ],
);

/// Get Contact: `GET /chat/{device}/contacts/{contactWid}`.
pub const GET: Operation = op(
    RESOURCE_CHAT_CONTACTS,
    "get",
    (
        "Get Contact",
        "Get one contact's details (name, company, metadata and more); needs the number and the contact ID",
        "Get a contact",
    ),
    Method::Get,
    "/chat/{device}/contacts/{contactWid}",
    &[
        DEVICE,
        CONTACT_WID,
        Param::new(
            "include",
            "Include",
            "Related data to add to the contact",
            Kind::Multi { choices: INCLUDES },
            query("include"),
        )
        .option(),
    ],
);

/// The contact fields Create and Update Contact share, listed once: hands
/// them to `params!` (between its leading and trailing parameters) or to
/// `names!` (their names, then the extra ones).
macro_rules! contact_fields {
    ($then:ident ! [ $($args:tt)* ]) => {
        $then!([$($args)*] NAME, SURNAME, TITLE, KIND, GENDER, ALT_PHONE, EMAIL, DESCRIPTION,
            LANGUAGES, COMPANY_NAME, COMPANY_ROLE, ADDRESS, CITY, POSTAL_CODE, COUNTRY, TIMEZONE,
            NOTES, BIRTHDAY, NOTIFY, CRM, CRM_REF, SYNC)
    };
}

macro_rules! params {
    ([$($pre:expr),*; $($post:expr),*] $($field:ident),*) => {
        &[$($pre,)* $($field,)* $($post,)*]
    };
}

macro_rules! names {
    ([$($extra:expr),*] $($field:ident),*) => {
        &[$($field.name,)* $($extra,)*]
    };
}

/// The contact's phone (Create Contact).
const PHONE: Param = Param::new(
    "phone",
    "Phone",
    "The contact's phone number (E.164, such as +447362053576)",
    Kind::Phone,
    body("/phone"),
)
.required()
.placeholder("+447362053576");

/// Who the contact is assigned to (Create Contact).
const ASSIGN: Param = Param::new(
    "assign",
    "Assign To",
    "The user ID of the team member the contact is assigned to",
    object_id("a user ID", None),
    body("/assign"),
)
.option();

/// Update an existing contact instead of failing (Create Contact).
const UPSERT: Param = Param::new(
    "upsert",
    "Update If Exists",
    "Whether to update the contact when it already exists, instead of failing",
    FLAG,
    body("/upsert"),
)
.option();

/// The fields Update Contact empties (the API's `$remove`).
const REMOVE: Param = Param::new(
    "remove",
    "Fields to Clear",
    "Fields to empty on the contact",
    Kind::Multi { choices: REMOVABLE },
    body("/$remove"),
)
.option();

/// Create Contact: `POST /chat/{device}/contacts`.
pub const CREATE: Operation = op(
    RESOURCE_CHAT_CONTACTS,
    "create",
    (
        "Create Contact",
        "Add a contact to a WhatsApp number, with optional name, company, notes and metadata; needs the number and the contact's phone",
        "Create a contact",
    ),
    Method::Post,
    "/chat/{device}/contacts",
    contact_fields!(params![DEVICE, PHONE; ASSIGN, UPSERT, METADATA]),
);

/// The names Update Contact needs at least one of.
const UPDATE_FIELDS: &[&str] = contact_fields!(names![METADATA.name, REMOVE.name]);

/// Update Contact: `PATCH /chat/{device}/contacts/{contactWid}`.
pub const UPDATE: Operation = Operation {
    rules: &[Rule::AtLeastOne(UPDATE_FIELDS)],
    ..op(
        RESOURCE_CHAT_CONTACTS,
        "update",
        (
            "Update Contact",
            "Change a contact's fields or clear some of them; needs the number, the contact ID and at least one field to set or clear",
            "Update a contact",
        ),
        Method::Patch,
        "/chat/{device}/contacts/{contactWid}",
        contact_fields!(params![DEVICE, CONTACT_WID; METADATA, REMOVE]),
    )
};

/// The metadata entries of Replace and Upsert Metadata: the whole body.
const METADATA_BODY: Param = Param::new(
    "metadata",
    "Metadata",
    "Key-value entries (keys of letters, digits and _; values up to 300 characters)",
    METADATA_KIND,
    To::Root,
)
.required();

/// Replace Metadata: `PUT /chat/{device}/contacts/{contactWid}/metadata`, a bare array.
pub const REPLACE_METADATA: Operation = op(
    RESOURCE_CHAT_CONTACTS,
    "replaceMetadata",
    (
        "Replace Contact Metadata",
        "Replace all of a contact's metadata with these key-value entries (entries not given are removed); needs the number, the contact ID and the entries",
        "Replace a contact's metadata",
    ),
    Method::Put,
    "/chat/{device}/contacts/{contactWid}/metadata",
    &[DEVICE, CONTACT_WID, METADATA_BODY],
);

/// Upsert Metadata: `PATCH /chat/{device}/contacts/{contactWid}/metadata`, a bare array.
pub const UPSERT_METADATA: Operation = op(
    RESOURCE_CHAT_CONTACTS,
    "upsertMetadata",
    (
        "Upsert Contact Metadata",
        "Add or update these key-value entries of a contact's metadata, keeping the others; needs the number, the contact ID and the entries",
        "Upsert a contact's metadata",
    ),
    Method::Patch,
    "/chat/{device}/contacts/{contactWid}/metadata",
    &[DEVICE, CONTACT_WID, METADATA_BODY],
);

/// Delete Contact: `DELETE /chat/{device}/contacts/{contactWid}`.
pub const DELETE: Operation = op(
    RESOURCE_CHAT_CONTACTS,
    "delete",
    (
        "Delete Contact",
        "Delete a contact from a WhatsApp number; needs the number and the contact ID, which must be named: there is no default",
        "Delete a contact",
    ),
    Method::Delete,
    "/chat/{device}/contacts/{contactWid}",
    &[DEVICE, CONTACT_WID],
);

/// A contact of Bulk Create Contacts (a row).
const BULK_FIELDS: &[Param] = &[
    Param::new(
        "phone",
        "Phone",
        "The phone number (E.164, such as +447362053576)",
        Kind::Phone,
        body("/phone"),
    )
    .required(),
    Param::new(
        "name",
        "Name",
        "The first name (up to 30 characters)",
        Kind::Text { max_chars: 30 },
        body("/name"),
    ),
    Param::new(
        "surname",
        "Surname",
        "The last name (up to 50 characters)",
        Kind::Text { max_chars: 50 },
        body("/surname"),
    ),
    Param::new(
        "email",
        "Email",
        "The email address",
        Kind::Text { max_chars: 100 },
        body("/email"),
    ),
    Param::new(
        "companyName",
        "Company Name",
        "The company's name (up to 50 characters)",
        Kind::Text { max_chars: 50 },
        body("/companyName"),
    ),
];

/// Bulk Create Contacts: `PATCH /chat/{device}/contacts`, a bare array.
pub const BULK_CREATE: Operation = op(
    RESOURCE_CHAT_CONTACTS,
    "bulkCreate",
    (
        "Bulk Create Contacts",
        "Create up to 1,000 contacts at once (existing ones are updated unless Update Existing is off); needs the number and the contacts, each with a phone",
        "Create contacts in bulk",
    ),
    Method::Patch,
    "/chat/{device}/contacts",
    &[
        DEVICE,
        Param::new(
            "contacts",
            "Contacts",
            "The contacts: a phone each (E.164), and optionally name, surname, email and company name",
            Kind::Rows {
                group: "contactValues",
                fields: BULK_FIELDS,
                min: 1,
                max: 1000,
            },
            To::Root,
        )
        .required(),
        Param::new(
            "upsert",
            "Update Existing",
            "Whether contacts that already exist are updated (the API's default: on); off: they are left as they are",
            Kind::Flag {
                default: true,
                destroys: None,
            },
            query("upsert"),
        )
        .option(),
    ],
);

/// The phones of Block and Unblock Contacts.
const BLOCK_PHONES: Param = Param::new(
    "contacts",
    "Phones",
    "The phone numbers (E.164, comma-separated, 1 to 50)",
    Kind::List {
        of: &Kind::Phone,
        min: 1,
        max: 50,
    },
    body("/contacts"),
)
.required()
.placeholder("+447362053576");

/// Block Contacts: `POST /devices/{device}/block`.
pub const BLOCK: Operation = op(
    RESOURCE_CHAT_CONTACTS,
    "block",
    (
        "Block Contacts",
        "Block 1 to 50 phone numbers on a WhatsApp number, so they can no longer message it; needs the number and the phones",
        "Block contacts",
    ),
    Method::Post,
    "/devices/{device}/block",
    &[DEVICE, BLOCK_PHONES],
);

/// Unblock Contacts: `DELETE /devices/{device}/block` with a body.
pub const UNBLOCK: Operation = op(
    RESOURCE_CHAT_CONTACTS,
    "unblock",
    (
        "Unblock Contacts",
        "Unblock 1 to 50 phone numbers on a WhatsApp number; needs the number and the phones",
        "Unblock contacts",
    ),
    Method::Delete,
    "/devices/{device}/block",
    &[DEVICE, BLOCK_PHONES],
);

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[
    LIST,
    GET,
    CREATE,
    UPDATE,
    REPLACE_METADATA,
    UPSERT_METADATA,
    DELETE,
    BULK_CREATE,
    BLOCK,
    UNBLOCK,
];
