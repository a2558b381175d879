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
pub mod request;
pub mod route;
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
    /// A boolean.
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
        /// The value when it is missing.
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

/// How a list operation is paged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// One request, one answer.
    None,
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
