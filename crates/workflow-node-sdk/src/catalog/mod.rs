//! Operations as data. A node lists its resources and operations as static
//! [`Catalog`] entries (compiled in: nothing is parsed per instance), and
//! from them come, mechanically: the form ([`describe`]), the checking of
//! every parameter before any request ([`check`]), the request
//! ([`request`]), the answer's shaping ([`shape`]), a mock's routing and
//! validation of what it receives ([`route`]), and the documentation tables
//! ([`table`]). Behaviour that is not one plain request is named
//! ([`Run::Custom`], [`Shape::Custom`]) and written by the node.
//!
//! Conventions (n8n's): the selectors are `resource` and `operation`; an
//! operation's optional fields live in one collection named `options`.

pub mod check;
pub mod describe;
pub mod fetch;
pub mod lookup;
pub mod pointer;
pub mod request;
pub mod route;
pub mod sample;
pub mod shape;
pub mod table;

use crate::http::Method;

/// The parameter that selects the resource.
pub const RESOURCE: &str = "resource";
/// The parameter that selects the operation.
pub const OPERATION: &str = "operation";
/// The collection of an operation's optional fields.
pub const OPTIONS: &str = "options";

/// Every resource and operation of a node.
#[derive(Debug, Clone, Copy)]
pub struct Catalog {
    /// The resources, in form order; the first is the default.
    pub resources: &'static [Resource],
    /// The operations, in form order.
    pub operations: &'static [Operation],
    /// How messages name the API (`SparkBot API`).
    pub api_name: &'static str,
}

/// A resource: a group of operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    /// The parameter value.
    pub value: &'static str,
    /// The label.
    pub name: &'static str,
    /// The operation an item gets when it names none.
    pub default_operation: &'static str,
}

/// One operation: what the form shows, what is checked, what is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The resource it belongs to.
    pub resource: &'static str,
    /// The parameter value.
    pub value: &'static str,
    /// The label in the dropdown.
    pub name: &'static str,
    /// What it does and what it needs, in one sentence a user or an AI model can act on.
    pub description: &'static str,
    /// The action label n8n shows in its node picker.
    pub action: &'static str,
    /// The method of its request.
    pub method: Method,
    /// Its path under the Base URL: every `{name}` is the value of the
    /// parameter `name`, sent as one percent-encoded segment.
    pub path: &'static str,
    /// Its parameters, in form order.
    pub params: &'static [Param],
    /// Rules across its parameters (exactly one recipient, …).
    pub rules: &'static [Rule],
    /// Whether a JSON body is sent.
    pub body: Body,
    /// How long its request may take.
    pub timeout: Timeout,
    /// How a list is paged.
    pub paging: Paging,
    /// How the answer becomes an item.
    pub shape: Shape,
    /// What its errors say beyond the generic wording.
    pub wording: Wording,
    /// Whether it is one plain request or named behaviour of the node's own.
    pub run: Run,
}

/// One parameter of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The parameter's name: the API's own field name where it has one.
    pub name: &'static str,
    /// The label.
    pub label: &'static str,
    /// Help text.
    pub help: &'static str,
    /// What it holds and how it is checked.
    pub kind: Kind,
    /// Where it goes in the request.
    pub to: To,
    /// Whether the user must give it.
    pub required: bool,
    /// Whether it is one of the operation's options (in `options`).
    pub in_options: bool,
    /// A placeholder shown while it is empty.
    pub placeholder: Option<&'static str>,
    /// When it applies: only when the parameter named holds one of the
    /// values (the form shows it then; otherwise it is not read).
    pub when: Option<(&'static str, &'static [&'static str])>,
}

impl Param {
    /// An optional top-level parameter of `kind`, sent `to`.
    pub const fn new(
        name: &'static str,
        label: &'static str,
        help: &'static str,
        kind: Kind,
        to: To,
    ) -> Param {
        Param {
            name,
            label,
            help,
            kind,
            to,
            required: false,
            in_options: false,
            placeholder: None,
            when: None,
        }
    }

    /// The same, required.
    pub const fn required(mut self) -> Param {
        self.required = true;
        self
    }

    /// The same, among the options.
    pub const fn option(mut self) -> Param {
        self.in_options = true;
        self
    }

    /// The same, with a placeholder.
    pub const fn placeholder(mut self, text: &'static str) -> Param {
        self.placeholder = Some(text);
        self
    }

    /// The same, applying only when `other` holds one of `values`.
    pub const fn when(mut self, other: &'static str, values: &'static [&'static str]) -> Param {
        self.when = Some((other, values));
        self
    }
}

/// A rule across an operation's parameters, checked before any request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Exactly one of these is given (one recipient: phone, group or channel).
    ExactlyOne(&'static [&'static str]),
    /// At least one of these is given.
    AtLeastOne(&'static [&'static str]),
    /// These two, when both given, differ (a queue routed to another number).
    Differ(&'static str, &'static str),
}

/// The kinds of chat a [`Kind::ChatId`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    /// A person: `<digits>@c.us`.
    User,
    /// A group: `<digits>@g.us` (old groups: `<digits>-<digits>@g.us`).
    Group,
    /// A channel: `<digits>@newsletter`.
    Channel,
}

impl ChatKind {
    /// The WID suffix, `@c.us`.
    pub const fn suffix(self) -> &'static str {
        match self {
            ChatKind::User => "@c.us",
            ChatKind::Group => "@g.us",
            ChatKind::Channel => "@newsletter",
        }
    }

    /// What it is, for messages.
    pub const fn what(self) -> &'static str {
        match self {
            ChatKind::User => "a contact's chat ID (digits@c.us)",
            ChatKind::Group => "a group ID (digits@g.us)",
            ChatKind::Channel => "a channel ID (digits@newsletter)",
        }
    }
}

/// What a parameter holds, and how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An opaque id, trimmed; never empty, `.` or `..`; at most `max_bytes`.
    Id {
        /// The longest accepted, in bytes of UTF-8.
        max_bytes: usize,
        /// The load-options method of its dropdown, if it has one.
        dropdown: Option<&'static str>,
        /// What it is, for messages ("a device ID").
        what: &'static str,
        /// How to fix a bad value ("Pick a number from the list, or give its device ID.").
        fix: &'static str,
    },
    /// Free text, at most `max_chars` characters.
    Text {
        /// The longest accepted, in characters.
        max_chars: usize,
    },
    /// A phone number in E.164 (`+` and 8 to 15 digits).
    Phone,
    /// A boolean. Among the options, one the item leaves out is not sent.
    Flag {
        /// The value when it is missing.
        default: bool,
        /// For a destructive flag: what it destroys; only a JSON boolean is then accepted.
        destroys: Option<&'static str>,
    },
    /// One of fixed values, matched in any letter case.
    Choice {
        /// The values.
        choices: &'static [Choice],
        /// The value when it is missing (empty: not sent).
        default: &'static str,
    },
    /// A duration in whole milliseconds.
    Millis {
        /// The smallest accepted.
        min: u64,
        /// The largest accepted.
        max: u64,
        /// The value when it is missing.
        default: u64,
    },
    /// A hexadecimal id (24 characters for the API's objects; 18 to 32 for
    /// WhatsApp message ids), matched in any letter case.
    Hex {
        /// The fewest characters.
        min: usize,
        /// The most characters.
        max: usize,
        /// What it is, for messages ("a file ID").
        what: &'static str,
        /// The load-options method of its dropdown, if it has one.
        dropdown: Option<&'static str>,
    },
    /// A chat's WhatsApp ID, of one of `kinds`.
    ChatId {
        /// The kinds accepted.
        kinds: &'static [ChatKind],
        /// The list-search method of its searchable picker, if it has one.
        search: Option<&'static str>,
    },
    /// A whole number.
    Int {
        /// The smallest accepted.
        min: i64,
        /// The largest accepted.
        max: i64,
    },
    /// A number with a fraction (a latitude), within whole bounds.
    Decimal {
        /// The smallest accepted.
        min: i64,
        /// The largest accepted.
        max: i64,
    },
    /// A date and time in ISO 8601 (`2026-12-01T10:00:00Z`), sent as given.
    DateTime,
    /// Several of fixed values: a JSON array in a body, comma-joined in a query.
    Multi {
        /// The values.
        choices: &'static [Choice],
    },
    /// A list of `of`, from a JSON array or comma- or line-separated text.
    List {
        /// What each entry is (a scalar kind).
        of: &'static Kind,
        /// The fewest entries.
        min: usize,
        /// The most entries.
        max: usize,
    },
    /// Free JSON (an object or an array), from JSON or JSON text.
    Json,
    /// Repeatable rows of fields (the form's fixed collection): a JSON array
    /// of objects, each built from `fields` (their body pointers are
    /// relative to the row).
    Rows {
        /// The name of the rows' group in the form value.
        group: &'static str,
        /// Each row's fields.
        fields: &'static [Param],
        /// The fewest rows.
        min: usize,
        /// The most rows.
        max: usize,
    },
    /// The name of one of the input item's binary properties (a file).
    Binary,
}

/// One value of a [`Kind::Choice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The value sent.
    pub value: &'static str,
    /// The label.
    pub label: &'static str,
    /// Help text.
    pub help: &'static str,
}

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum To {
    /// A `{name}` segment of the path.
    Path,
    /// A query parameter.
    Query {
        /// Its name in the query.
        key: &'static str,
        /// When it is sent.
        send: Send,
    },
    /// A field of the JSON body.
    Body {
        /// Where, as a JSON pointer (`/phone`).
        pointer: &'static str,
    },
    /// The whole JSON body (a bare array, where the API takes one).
    Root,
    /// A request header.
    Header {
        /// The header's name.
        name: &'static str,
    },
    /// Not sent: read by the node (timeouts, waits).
    Local,
}

/// When a query parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Send {
    /// Always, with its value (`force=false`).
    Always,
    /// Only when true, as `key=true`.
    WhenTrue,
    /// Only when the item gives a value.
    WhenSet,
}

/// Whether an operation sends a JSON body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body (unless a body parameter is given).
    None,
    /// Always a JSON object, `{}` when no body parameter is given.
    Object,
}

/// How long an operation's request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout {
    /// The timeout when nothing else sets it.
    pub default_ms: u64,
    /// A [`Kind::Millis`] parameter that sets it.
    pub param: Option<&'static str>,
    /// Flags that raise it when true, and to what.
    pub raised_by: &'static [(&'static str, u64)],
    /// What the item may spend beyond its timeout (the requests around a wait),
    /// for the item's time budget.
    pub extra_ms: u64,
}

impl Timeout {
    /// A fixed timeout of `ms`.
    pub const fn fixed(ms: u64) -> Self {
        Timeout {
            default_ms: ms,
            param: None,
            raised_by: &[],
            extra_ms: 0,
        }
    }
}

/// How a list operation is paged. A paged operation's form has Return
/// All and Limit (n8n's convention); it emits one item per element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// One request, one answer.
    None,
    /// `page` (zero-based) and `size` in the query, until a short page.
    Pages {
        /// The largest page the API serves.
        max_size: u32,
    },
    /// `skip` (an offset) and `size` in the query, until a short page.
    Skip {
        /// The largest page the API serves.
        max_size: u32,
    },
}

/// The form's Return All flag of a paged operation.
pub const RETURN_ALL: &str = "returnAll";
/// The form's Limit of a paged operation.
pub const LIMIT: &str = "limit";
/// Limit's default.
pub const DEFAULT_LIMIT: u64 = 50;

impl Paging {
    /// The largest page, if it is paged.
    pub const fn max_size(self) -> Option<u32> {
        match self {
            Paging::None => None,
            Paging::Pages { max_size } | Paging::Skip { max_size } => Some(max_size),
        }
    }
}

/// How the answer becomes an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The API's JSON object, whole (a non-object under `data`); the named
    /// parameters and, if `operation` is set, the operation's value added
    /// under their names when the API sent no field of that name.
    PassThrough {
        /// Parameters echoed into the item.
        echo: &'static [&'static str],
        /// Whether the operation's value is added as `operation`.
        operation: bool,
    },
    /// One item per element of the answer's JSON array (an object answer
    /// is one item; a non-object element comes under `value`).
    Each,
    /// The answer's bytes as the binary property `key`, with its MIME
    /// type and the file name it gives; the item's JSON says what came.
    File {
        /// The binary property's name.
        key: &'static str,
    },
    /// Shaped by the node's own code of this name.
    Custom(&'static str),
}

/// What an operation's errors say beyond the generic wording. `{name}`
/// stands for the parameter `name`'s value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    /// For 404: what was not found, and what to check.
    pub not_found: Option<(&'static str, &'static str)>,
    /// For 409, 412 and 422: what to do.
    pub conflict: Option<&'static str>,
}

/// Whether an operation is one plain request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// One request, built from the catalog.
    Request,
    /// The node's own behaviour of this name (it may use the catalog's requests).
    Custom(&'static str),
}

impl Catalog {
    /// The operation `value` of `resource`.
    pub fn operation(&self, resource: &str, value: &str) -> Option<&'static Operation> {
        self.operations
            .iter()
            .find(|o| o.resource == resource && o.value == value)
    }

    /// The operations of `resource`, in form order.
    pub fn operations_of<'a>(
        &'a self,
        resource: &'a str,
    ) -> impl Iterator<Item = &'static Operation> + 'a {
        self.operations
            .iter()
            .filter(move |o| o.resource == resource)
    }
}

impl Operation {
    /// Its parameter `name`.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The names of its options, in order.
    pub fn option_names(&self) -> Vec<&'static str> {
        self.params
            .iter()
            .filter(|p| p.in_options)
            .map(|p| p.name)
            .collect()
    }

    /// Whether it has an options collection.
    pub fn has_options(&self) -> bool {
        self.params.iter().any(|p| p.in_options)
    }

    /// The longest its request may take, whatever the item sets.
    pub fn max_timeout_ms(&self) -> u64 {
        let param_max = self
            .timeout
            .param
            .and_then(|name| self.param(name))
            .map_or(0, |p| match p.kind {
                Kind::Millis { max, .. } => max,
                _ => 0,
            });
        self.timeout
            .raised_by
            .iter()
            .map(|(_, ms)| *ms)
            .fold(self.timeout.default_ms.max(param_max), u64::max)
    }
}
