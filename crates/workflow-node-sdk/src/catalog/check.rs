//! Checking an item's parameters against its operation, before any request:
//! the resource and the operation, unknown names refused (naming the
//! allowed ones), and every parameter read by its kind.

use std::time::Duration;

use serde_json::{Map, Value};

use super::{Catalog, Kind, OPERATION, OPTIONS, Operation, Param, RESOURCE};
use crate::error::{NodeError, Result};
use crate::params::{Phone, Strictness, read_collection, read_flag, read_ms, refuse_unknown};
use crate::text::{describe_value, truncate};

/// A checked value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// Text: an id, free text, a phone number or a choice's value.
    Text(String),
    /// A flag.
    Bool(bool),
    /// Milliseconds.
    Millis(u64),
    /// Not given, and with no default.
    Absent,
}

/// One item's operation with its parameters checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The operation.
    pub op: &'static Operation,
    /// Each parameter's value, in the operation's order.
    pub values: Vec<(&'static str, Val)>,
    /// How long its request may take.
    pub timeout: Duration,
}

impl Checked {
    /// The value of `name`.
    pub fn get(&self, name: &str) -> &Val {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&Val::Absent, |(_, v)| v)
    }

    /// The text of `name`, when it has one.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Val::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The flag `name`; false when absent.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Val::Bool(true))
    }

    /// The milliseconds of `name`, when it has them.
    pub fn millis(&self, name: &str) -> Option<u64> {
        match self.get(name) {
            Val::Millis(ms) => Some(*ms),
            _ => None,
        }
    }
}

/// Checks `params` (an item's parameters) against `catalog`.
pub fn check(catalog: &Catalog, params: &Map<String, Value>) -> Result<Checked> {
    let op = select(catalog, params)?;
    check_op(op, params)
}

/// The operation `params` selects; missing or null selectors are the defaults.
pub fn select(catalog: &Catalog, params: &Map<String, Value>) -> Result<&'static Operation> {
    let resources = catalog.resources;
    let known_resources = || quoted(resources.iter().map(|r| r.value));
    let resource = match params.get(RESOURCE) {
        None | Some(Value::Null) => resources.first(),
        Some(Value::String(s)) => resources.iter().find(|r| r.value == s),
        Some(_) => None,
    }
    .ok_or_else(|| {
        NodeError::invalid_parameter(format!(
            "Resource {} is not known; this node offers {}.",
            params
                .get(RESOURCE)
                .map_or_else(|| "none".into(), describe_value),
            known_resources()
        ))
    })?;
    let unknown = |value: &Value| {
        NodeError::invalid_parameter(format!(
            "Operation {} is not known; this node offers {}.",
            describe_value(value),
            quoted(catalog.operations_of(resource.value).map(|o| o.value))
        ))
    };
    match params.get(OPERATION) {
        None | Some(Value::Null) => catalog
            .operation(resource.value, resource.default_operation)
            .ok_or_else(|| unknown(&Value::Null)),
        Some(Value::String(s)) => catalog
            .operation(resource.value, s)
            .ok_or_else(|| unknown(&Value::from(s.as_str()))),
        Some(other) => Err(unknown(other)),
    }
}

/// Checks `params` against `op`.
pub fn check_op(op: &'static Operation, params: &Map<String, Value>) -> Result<Checked> {
    let mut allowed = vec![RESOURCE, OPERATION];
    allowed.extend(op.params.iter().filter(|p| !p.in_options).map(|p| p.name));
    if op.has_options() {
        allowed.push(OPTIONS);
    }
    refuse_unknown(params, &allowed, &format!("'{}'", op.name))?;
    let options = read_collection(params, OPTIONS, "Options", &op.option_names())?;
    let mut values = Vec::with_capacity(op.params.len());
    for param in op.params {
        let source = if param.in_options { &options } else { params };
        values.push((param.name, read(param, source.get(param.name))?));
    }
    let mut checked = Checked {
        op,
        values,
        timeout: Duration::from_millis(op.timeout.default_ms),
    };
    checked.timeout = timeout(&checked);
    Ok(checked)
}

fn timeout(checked: &Checked) -> Duration {
    let rule = checked.op.timeout;
    let mut ms = rule
        .param
        .and_then(|name| checked.millis(name))
        .unwrap_or(rule.default_ms);
    for (flag, raised) in rule.raised_by {
        if checked.flag(flag) {
            ms = ms.max(*raised);
        }
    }
    Duration::from_millis(ms)
}

/// Reads one parameter's `value` by its kind.
pub fn read(param: &Param, value: Option<&Value>) -> Result<Val> {
    let label = param.label;
    let missing = matches!(value, None | Some(Value::Null));
    match param.kind {
        Kind::Id {
            max_bytes,
            what,
            fix,
            ..
        } => match value {
            None | Some(Value::Null) if param.required => Err(NodeError::invalid_parameter(
                format!("{label} is missing. {fix}"),
            )),
            None | Some(Value::Null) => Ok(Val::Absent),
            Some(Value::String(s)) => {
                let id = s.trim();
                if id.is_empty() && !param.required {
                    return Ok(Val::Absent);
                }
                if id.is_empty() {
                    return Err(NodeError::invalid_parameter(format!(
                        "{label} is empty. {fix}"
                    )));
                }
                if id == "." || id == ".." {
                    return Err(NodeError::invalid_parameter(format!(
                        "{label} '{id}' is not {what}. {fix}"
                    )));
                }
                if id.len() > max_bytes {
                    return Err(NodeError::invalid_parameter(format!(
                        "{label} is {} bytes long; at most {max_bytes} bytes are accepted. {fix}",
                        id.len()
                    )));
                }
                Ok(Val::Text(id.to_string()))
            }
            Some(other) => Err(NodeError::invalid_parameter(format!(
                "{label} must be {what} (text), not {}.",
                describe_value(other)
            ))),
        },
        Kind::Text { max_chars } => match value {
            None | Some(Value::Null) if param.required => {
                Err(NodeError::invalid_parameter(format!("{label} is missing.")))
            }
            None | Some(Value::Null) => Ok(Val::Absent),
            Some(Value::String(s)) if s.chars().count() > max_chars => {
                Err(NodeError::invalid_parameter(format!(
                    "{label} is longer than {max_chars} characters."
                )))
            }
            Some(Value::String(s)) if s.is_empty() && param.required => {
                Err(NodeError::invalid_parameter(format!("{label} is empty.")))
            }
            Some(Value::String(s)) if s.is_empty() => Ok(Val::Absent),
            Some(Value::String(s)) => Ok(Val::Text(s.clone())),
            Some(other) => Err(NodeError::invalid_parameter(format!(
                "{label} must be text, not {}.",
                describe_value(other)
            ))),
        },
        Kind::Phone => match value {
            None | Some(Value::Null) if param.required => Err(NodeError::invalid_parameter(
                format!("{label} is missing: give a number such as +16001234560."),
            )),
            None | Some(Value::Null) => Ok(Val::Absent),
            Some(Value::String(s)) if s.trim().is_empty() && !param.required => Ok(Val::Absent),
            Some(Value::String(s)) => Phone::parse(s, label).map(|p| Val::Text(p.as_str().into())),
            Some(other) => Err(NodeError::invalid_parameter(format!(
                "{label} must be text such as +16001234560, not {}.",
                describe_value(other)
            ))),
        },
        Kind::Flag { default, destroys } => {
            let strictness = destroys.map_or(Strictness::Lenient, Strictness::Destructive);
            let mut one = Map::new();
            if let Some(v) = value {
                one.insert(param.name.into(), v.clone());
            }
            read_flag(&one, param.name, label, strictness, default).map(Val::Bool)
        }
        Kind::Choice { choices, default } => {
            let known = || {
                choices
                    .iter()
                    .map(|c| c.value)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match value {
                _ if missing => Ok(Val::Text(default.into())),
                Some(Value::String(s)) => choices
                    .iter()
                    .find(|c| c.value.eq_ignore_ascii_case(s.trim()))
                    .map(|c| Val::Text(c.value.into()))
                    .ok_or_else(|| {
                        NodeError::invalid_parameter(format!(
                            "{label} '{}' is not known; use one of: {}.",
                            truncate(s, 40),
                            known()
                        ))
                    }),
                Some(other) => Err(NodeError::invalid_parameter(format!(
                    "{label} must be text, one of: {}; not {}.",
                    known(),
                    describe_value(other)
                ))),
                None => Ok(Val::Text(default.into())),
            }
        }
        Kind::Millis { min, max, default } => {
            let mut one = Map::new();
            if let Some(v) = value {
                one.insert(param.name.into(), v.clone());
            }
            read_ms(&one, param.name, label, (min, max), default)
                .map(|d| Val::Millis(u64::try_from(d.as_millis()).unwrap_or(u64::MAX)))
        }
    }
}

fn quoted<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
