//! Checking an item's parameters against its operation, before any request:
//! the resource and the operation, unknown names refused (naming the
//! allowed ones), and every parameter read by its kind.

use std::time::Duration;

use serde_json::{Map, Value};

use super::{
    Catalog, ChatKind, DEFAULT_LIMIT, Kind, LIMIT, OPERATION, OPTIONS, Operation, Paging, Param,
    RESOURCE, RETURN_ALL, Rule,
};
use crate::error::{NodeError, Result};
use crate::http::MAX_FILE_BYTES;
use crate::item::Item;
use crate::params::{Phone, Strictness, read_collection, read_flag, read_ms, refuse_unknown};
use crate::text::{describe_value, truncate};
use crate::types as wit;

/// A checked value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// Text: an id, free text, a phone number or a choice's value.
    Text(String),
    /// A flag.
    Bool(bool),
    /// Milliseconds.
    Millis(u64),
    /// A number, a list or free JSON, sent as this JSON.
    Json(Value),
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
    /// For a paged operation: the most elements wanted (None: all).
    pub limit: Option<u64>,
    /// The input files its [`Kind::Binary`] parameters name, by parameter.
    pub files: Vec<(&'static str, InputFile)>,
}

/// A file of the input item, as a parameter named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Its binary property's name.
    pub key: String,
    /// The bytes.
    pub data: Vec<u8>,
    /// Its MIME type.
    pub mime_type: String,
    /// Its file name, if the input gave one.
    pub file_name: Option<String>,
}

/// Checks an item: its parameters against `catalog`, and the input files
/// its binary parameters name (each present, and within [`MAX_FILE_BYTES`]).
pub fn check_item(catalog: &Catalog, item: &Item<'_>) -> Result<Checked> {
    let mut checked = check(catalog, item.parameters)?;
    for param in checked.op.params.iter().filter(|p| p.kind == Kind::Binary) {
        let Some(key) = checked.text(param.name) else {
            continue;
        };
        let entry = binary_entry(item.binary, key, param.label)?;
        if entry.data.len() > MAX_FILE_BYTES {
            return Err(NodeError::invalid_parameter(format!(
                "{}: the file '{}' is {:.1} MiB; this node sends files up to {} MiB (WhatsApp's media limit). Send a larger file by URL instead.",
                param.label,
                truncate(key, 40),
                entry.data.len() as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        let file = InputFile {
            key: entry.key.clone(),
            data: entry.data.clone(),
            mime_type: entry.mime_type.clone(),
            file_name: entry.file_name.clone(),
        };
        checked.files.push((param.name, file));
    }
    Ok(checked)
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

    /// The input file the parameter `name` names, when it names one.
    pub fn file(&self, name: &str) -> Option<&InputFile> {
        self.files.iter().find(|(n, _)| *n == name).map(|(_, f)| f)
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
    if op.paging != Paging::None {
        allowed.extend([RETURN_ALL, LIMIT]);
    }
    refuse_unknown(params, &allowed, &format!("'{}'", op.name))?;
    let options = read_collection(params, OPTIONS, "Options", &op.option_names())?;
    let mut values: Vec<(&'static str, Val)> = Vec::with_capacity(op.params.len());
    for param in op.params {
        let source = if param.in_options { &options } else { params };
        let applies = param.when.is_none_or(|(other, allowed)| {
            values
                .iter()
                .find(|(n, _)| *n == other)
                .is_some_and(|(_, v)| matches!(v, Val::Text(t) if allowed.contains(&t.as_str())))
        });
        let value = if applies {
            read(param, source.get(param.name))?
        } else {
            Val::Absent
        };
        values.push((param.name, value));
    }
    let limit = match op.paging {
        Paging::None => None,
        Paging::Pages { .. } | Paging::Skip { .. } => read_limit(params)?,
    };
    let mut checked = Checked {
        op,
        values,
        timeout: Duration::from_millis(op.timeout.default_ms),
        limit,
        files: Vec::new(),
    };
    for rule in op.rules {
        check_rule(op, &checked, *rule)?;
    }
    checked.timeout = timeout(&checked);
    Ok(checked)
}

/// Return All and Limit: None for all, else the limit (1 or more).
fn read_limit(params: &Map<String, Value>) -> Result<Option<u64>> {
    if read_flag(params, RETURN_ALL, "Return All", Strictness::Lenient, false)? {
        return Ok(None);
    }
    match params.get(LIMIT) {
        None | Some(Value::Null) => Ok(Some(DEFAULT_LIMIT)),
        Some(Value::Number(n)) => match n.as_u64().or_else(|| whole(n.as_f64())) {
            Some(limit) if limit >= 1 => Ok(Some(limit)),
            _ => Err(NodeError::invalid_parameter(format!(
                "Limit must be a whole number of 1 or more, not {n}; or turn on Return All."
            ))),
        },
        Some(other) => Err(NodeError::invalid_parameter(format!(
            "Limit must be a whole number of 1 or more, not {}.",
            describe_value(other)
        ))),
    }
}

fn whole(f: Option<f64>) -> Option<u64> {
    f.filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= 1e15)
        .map(|f| f as u64)
}

fn check_rule(op: &Operation, checked: &Checked, rule: Rule) -> Result<()> {
    let given = |name: &str| !matches!(checked.get(name), Val::Absent);
    let labels = |names: &[&str]| {
        names
            .iter()
            .map(|n| op.param(n).map_or(*n, |p| p.label))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rule {
        Rule::ExactlyOne(names) => {
            let count = names.iter().filter(|n| given(n)).count();
            if count == 1 {
                Ok(())
            } else if count == 0 {
                Err(NodeError::invalid_parameter(format!(
                    "'{}' needs one of: {}. None is given.",
                    op.name,
                    labels(names)
                )))
            } else {
                let set: Vec<&str> = names.iter().copied().filter(|n| given(n)).collect();
                Err(NodeError::invalid_parameter(format!(
                    "'{}' takes only one of: {}; {} are given. Leave all but one empty.",
                    op.name,
                    labels(names),
                    labels(&set)
                )))
            }
        }
        Rule::AtLeastOne(names) => {
            if names.iter().any(|n| given(n)) {
                Ok(())
            } else {
                Err(NodeError::invalid_parameter(format!(
                    "'{}' needs at least one of: {}.",
                    op.name,
                    labels(names)
                )))
            }
        }
        Rule::Differ(a, b) => match (checked.text(a), checked.text(b)) {
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {
                Err(NodeError::invalid_parameter(format!(
                    "{} and {} are the same ('{}'); they must differ.",
                    labels(&[a]),
                    labels(&[b]),
                    truncate(x, 40)
                )))
            }
            _ => Ok(()),
        },
    }
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
        // A required flag is never its default guessed: missing is refused.
        Kind::Flag { .. } if missing && param.required => absent(param),
        Kind::Flag { .. } if missing && param.in_options => Ok(Val::Absent),
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
                _ if missing && default.is_empty() => absent(param),
                // Empty is the form's value of a choice left at its empty default.
                Some(Value::String(s)) if s.trim().is_empty() && default.is_empty() => {
                    absent(param)
                }
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
        Kind::Hex { .. } | Kind::ChatId { .. } | Kind::DateTime | Kind::Binary => {
            match text_value(param, value)? {
                None => Ok(Val::Absent),
                Some(text) => scalar_text(param.kind, label, &text).map(Val::Text),
            }
        }
        Kind::Int { min, max } => match value {
            None | Some(Value::Null) => absent(param),
            Some(Value::Number(n)) => match n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                    .map(|f| f as i64)
            }) {
                Some(i) if (min..=max).contains(&i) => Ok(Val::Json(Value::from(i))),
                _ => Err(NodeError::invalid_parameter(format!(
                    "{label} must be a whole number from {min} to {max}, not {n}."
                ))),
            },
            Some(Value::String(s)) if s.trim().is_empty() => absent(param),
            Some(other) => Err(NodeError::invalid_parameter(format!(
                "{label} must be a whole number from {min} to {max}, not {}.",
                describe_value(other)
            ))),
        },
        Kind::Decimal { min, max } => match value {
            None | Some(Value::Null) => absent(param),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f >= min as f64 && f <= max as f64 => {
                    Ok(Val::Json(Value::Number(n.clone())))
                }
                _ => Err(NodeError::invalid_parameter(format!(
                    "{label} must be a number from {min} to {max}, not {n}."
                ))),
            },
            Some(Value::String(s)) if s.trim().is_empty() => absent(param),
            Some(other) => Err(NodeError::invalid_parameter(format!(
                "{label} must be a number from {min} to {max}, not {}.",
                describe_value(other)
            ))),
        },
        Kind::Multi { choices } => {
            let entries = list_entries(label, value)?;
            let mut out = Vec::with_capacity(entries.len());
            for entry in entries {
                let found = choices
                    .iter()
                    .find(|c| c.value.eq_ignore_ascii_case(entry.trim()))
                    .ok_or_else(|| {
                        NodeError::invalid_parameter(format!(
                            "{label}: '{}' is not known; use any of: {}.",
                            truncate(&entry, 40),
                            choices
                                .iter()
                                .map(|c| c.value)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    })?;
                if !out.contains(&Value::from(found.value)) {
                    out.push(Value::from(found.value));
                }
            }
            if out.is_empty() {
                absent(param)
            } else {
                Ok(Val::Json(Value::Array(out)))
            }
        }
        Kind::List { of, min, max } => {
            let entries = list_entries(label, value)?;
            if entries.is_empty() && min > 0 {
                return absent(param);
            }
            if entries.len() < min || entries.len() > max {
                return Err(NodeError::invalid_parameter(format!(
                    "{label} has {} entries; it takes {min} to {max}.",
                    entries.len()
                )));
            }
            let mut out = Vec::with_capacity(entries.len());
            for (i, entry) in entries.iter().enumerate() {
                let entry_label = format!("{label} (entry {})", i + 1);
                let text = match of {
                    Kind::Phone => Phone::parse(entry, &entry_label)?.as_str().to_string(),
                    Kind::Text { max_chars } if entry.chars().count() > *max_chars => {
                        return Err(NodeError::invalid_parameter(format!(
                            "{entry_label} is longer than {max_chars} characters."
                        )));
                    }
                    Kind::Text { .. } => entry.trim().to_string(),
                    Kind::Int { min, max } | Kind::Decimal { min, max } => {
                        let whole = matches!(of, Kind::Int { .. });
                        let number = entry
                            .trim()
                            .parse::<f64>()
                            .ok()
                            .filter(|f| f.is_finite() && (!whole || f.fract() == 0.0))
                            .filter(|f| *f >= *min as f64 && *f <= *max as f64)
                            .and_then(|f| {
                                if whole {
                                    Some(Value::from(f as i64))
                                } else {
                                    serde_json::Number::from_f64(f).map(Value::Number)
                                }
                            })
                            .ok_or_else(|| {
                                NodeError::invalid_parameter(format!(
                                    "{entry_label} must be a number from {min} to {max}, not '{}'.",
                                    truncate(entry, 40)
                                ))
                            })?;
                        out.push(number);
                        continue;
                    }
                    other => scalar_text(*other, &entry_label, entry.trim())?,
                };
                out.push(Value::String(text));
            }
            if out.is_empty() {
                absent(param)
            } else {
                Ok(Val::Json(Value::Array(out)))
            }
        }
        Kind::Json => {
            let parsed = match value {
                None | Some(Value::Null) => return absent(param),
                Some(Value::String(s)) if s.trim().is_empty() => return absent(param),
                Some(Value::String(s)) => serde_json::from_str::<Value>(s).map_err(|e| {
                    NodeError::invalid_parameter(format!("{label} is not valid JSON: {e}."))
                })?,
                Some(v) => v.clone(),
            };
            match parsed {
                Value::Object(_) | Value::Array(_) => Ok(Val::Json(parsed)),
                other => Err(NodeError::invalid_parameter(format!(
                    "{label} must be a JSON object or array, not {}.",
                    describe_value(&other)
                ))),
            }
        }
        Kind::Rows {
            group,
            fields,
            min,
            max,
        } => read_rows(param, value, group, fields, (min, max)),
    }
}

fn absent(param: &Param) -> Result<Val> {
    if param.required {
        Err(NodeError::invalid_parameter(format!(
            "{} is missing.",
            param.label
        )))
    } else {
        Ok(Val::Absent)
    }
}

/// A scalar text parameter: None when missing or empty (refused if required).
fn text_value(param: &Param, value: Option<&Value>) -> Result<Option<String>> {
    match value {
        None | Some(Value::Null) => absent(param).map(|_| None),
        Some(Value::String(s)) if s.trim().is_empty() => absent(param).map(|_| None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(Value::Number(n)) if matches!(param.kind, Kind::ChatId { .. }) => {
            Err(NodeError::invalid_parameter(format!(
                "{} must be text such as {}, not the number {n}.",
                param.label,
                example_of(param.kind)
            )))
        }
        Some(other) => Err(NodeError::invalid_parameter(format!(
            "{} must be text, not {}.",
            param.label,
            describe_value(other)
        ))),
    }
}

fn example_of(kind: Kind) -> String {
    match kind {
        Kind::ChatId { kinds, .. } => kinds
            .iter()
            .map(|k| format!("12345678901{}", k.suffix()))
            .collect::<Vec<_>>()
            .join(" or "),
        _ => String::new(),
    }
}

/// Checks the text of a scalar kind (hex id, chat id, date, binary name).
fn scalar_text(kind: Kind, label: &str, text: &str) -> Result<String> {
    match kind {
        Kind::Hex { min, max, what, .. } => {
            if (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit()) {
                Ok(text.to_string())
            } else {
                let length = if min == max {
                    format!("{min}")
                } else {
                    format!("{min} to {max}")
                };
                Err(NodeError::invalid_parameter(format!(
                    "{label} '{}' is not {what}: it must be {length} hexadecimal characters (0-9, a-f).",
                    truncate(text, 40)
                )))
            }
        }
        Kind::ChatId { kinds, .. } => {
            let ok = kinds.iter().any(|k| {
                text.strip_suffix(k.suffix()).is_some_and(|digits| {
                    !digits.is_empty()
                        && digits.len() <= 40
                        && digits
                            .bytes()
                            .all(|b| b.is_ascii_digit() || (b == b'-' && *k == ChatKind::Group))
                        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
                })
            });
            if ok {
                Ok(text.to_string())
            } else {
                Err(NodeError::invalid_parameter(format!(
                    "{label} '{}' is not {}; write it such as {}.",
                    truncate(text, 40),
                    kinds
                        .iter()
                        .map(|k| k.what())
                        .collect::<Vec<_>>()
                        .join(" or "),
                    example_of(kind)
                )))
            }
        }
        Kind::DateTime => {
            if is_iso_date_time(text) {
                Ok(text.to_string())
            } else {
                Err(NodeError::invalid_parameter(format!(
                    "{label} '{}' is not an ISO 8601 date and time; write it such as 2026-12-01T10:00:00Z or 2026-12-01T10:00:00+01:00.",
                    truncate(text, 40)
                )))
            }
        }
        Kind::Binary => {
            if text.len() <= 256 {
                Ok(text.to_string())
            } else {
                Err(NodeError::invalid_parameter(format!(
                    "{label} is longer than 256 characters; give the name of the input's binary property, such as data."
                )))
            }
        }
        _ => Ok(text.to_string()),
    }
}

/// Whether `text` is `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`.
pub fn is_iso_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let num = |r: std::ops::Range<usize>| {
        text.get(r)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(99)
    };
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return false;
    }
    if !(1..=12).contains(&num(5..7)) || !(1..=31).contains(&num(8..10)) {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || !digits(11..13)
        || b.get(13) != Some(&b':')
        || !digits(14..16)
        || num(11..13) > 23
        || num(14..16) > 59
    {
        return false;
    }
    let mut rest = &text[16..];
    if let Some(sec) = rest.strip_prefix(':') {
        if sec.len() < 2
            || !sec.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            || num_of(&sec[..2]) > 60
        {
            return false;
        }
        rest = &sec[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 || n > 9 {
                return false;
            }
            rest = &frac[n..];
        }
    }
    match rest.as_bytes() {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && num_of(&rest[1..3]) <= 23
                && num_of(&rest[4..6]) <= 59
        }
        _ => false,
    }
}

fn num_of(s: &str) -> u32 {
    s.parse().unwrap_or(99)
}

/// The entries of a list: a JSON array of strings (numbers as text), or
/// text separated by commas or line breaks; empty entries dropped.
fn list_entries(label: &str, value: Option<&Value>) -> Result<Vec<String>> {
    let entries: Vec<String> = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => s.split([',', '\n']).map(str::to_string).collect(),
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    Value::Number(n) => out.push(n.to_string()),
                    other => {
                        return Err(NodeError::invalid_parameter(format!(
                            "{label} must be a list of text, and one entry is {}.",
                            describe_value(other)
                        )));
                    }
                }
            }
            out
        }
        Some(other) => {
            return Err(NodeError::invalid_parameter(format!(
                "{label} must be a list (a JSON array, or text separated by commas), not {}.",
                describe_value(other)
            )));
        }
    };
    Ok(entries
        .into_iter()
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect())
}

/// Rows of a fixed collection: `{group: [row, …]}` (or the list itself).
fn read_rows(
    param: &Param,
    value: Option<&Value>,
    group: &str,
    fields: &'static [Param],
    (min, max): (usize, usize),
) -> Result<Val> {
    let label = param.label;
    let rows: Vec<Value> = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => match map.get(group) {
            None | Some(Value::Null) if map.len() <= 1 => Vec::new(),
            Some(Value::Array(rows)) if map.len() == 1 => rows.clone(),
            Some(row @ Value::Object(_)) if map.len() == 1 => vec![row.clone()],
            _ => {
                return Err(NodeError::invalid_parameter(format!(
                    "{label} must hold its rows under '{group}'."
                )));
            }
        },
        Some(Value::Array(rows)) => rows.clone(),
        Some(Value::String(s)) if s.trim().is_empty() => Vec::new(),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Array(rows)) => rows,
            _ => {
                return Err(NodeError::invalid_parameter(format!(
                    "{label} must be rows (a JSON array of objects)."
                )));
            }
        },
        Some(other) => {
            return Err(NodeError::invalid_parameter(format!(
                "{label} must be rows (a JSON array of objects), not {}.",
                describe_value(other)
            )));
        }
    };
    if rows.is_empty() && min > 0 {
        return absent(param);
    }
    if rows.len() < min || rows.len() > max {
        return Err(NodeError::invalid_parameter(format!(
            "{label} has {} rows; it takes {min} to {max}.",
            rows.len()
        )));
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let Value::Object(row) = row else {
            return Err(NodeError::invalid_parameter(format!(
                "{label}: row {} must be an object of {}.",
                i + 1,
                names.join(", ")
            )));
        };
        refuse_unknown(row, &names, &format!("{label} (row {})", i + 1))?;
        let mut built = Value::Object(Map::new());
        for field in fields {
            let value = read(field, row.get(field.name)).map_err(|e| {
                NodeError::invalid_parameter(format!("{label}, row {}: {}", i + 1, e.message))
            })?;
            if let (super::To::Body { pointer }, Some(json)) = (field.to, json_of(&value)) {
                super::pointer::set_pointer(&mut built, pointer, json);
            }
        }
        out.push(built);
    }
    if out.is_empty() {
        absent(param)
    } else {
        Ok(Val::Json(Value::Array(out)))
    }
}

/// The JSON a checked value is sent as; None when absent.
pub fn json_of(value: &Val) -> Option<Value> {
    match value {
        Val::Text(t) => Some(Value::String(t.clone())),
        Val::Bool(b) => Some(Value::Bool(*b)),
        Val::Millis(ms) => Some(Value::from(*ms)),
        Val::Json(v) => Some(v.clone()),
        Val::Absent => None,
    }
}

/// The text a checked value is sent as in a query or header (a list comma-joined).
pub fn text_of(value: &Val) -> String {
    match value {
        Val::Text(t) => t.clone(),
        Val::Bool(b) => b.to_string(),
        Val::Millis(ms) => ms.to_string(),
        Val::Json(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(","),
        Val::Json(Value::String(s)) => s.clone(),
        Val::Json(v) => v.to_string(),
        Val::Absent => String::new(),
    }
}

/// The binary entry `key` of an item's files, or an error naming the ones it has.
pub fn binary_entry<'a>(
    binary: &'a [wit::BinaryEntry],
    key: &str,
    label: &str,
) -> Result<&'a wit::BinaryEntry> {
    binary.iter().find(|b| b.key == key).ok_or_else(|| {
        let known: Vec<&str> = binary.iter().map(|b| b.key.as_str()).collect();
        NodeError::invalid_parameter(format!(
            "{label}: the input item has no binary property '{}'; it has {}. Name one of its files, or add a node that makes one (such as Read/Write Files from Disk).",
            truncate(key, 40),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })
}

fn quoted<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Choice, To};
    use serde_json::json;

    const CHOICES: &[Choice] = &[Choice {
        value: "high",
        label: "High",
        help: "",
    }];

    #[test]
    fn an_empty_choice_whose_default_is_empty_is_not_given() {
        let kind = Kind::Choice {
            choices: CHOICES,
            default: "",
        };
        let optional = Param::new("priority", "Priority", "", kind, To::Local);
        assert_eq!(read(&optional, Some(&json!(""))).unwrap(), Val::Absent);
        assert_eq!(read(&optional, Some(&json!("  "))).unwrap(), Val::Absent);
        assert_eq!(
            read(&optional, Some(&json!("HIGH"))).unwrap(),
            Val::Text("high".into())
        );
        assert!(read(&optional.required(), Some(&json!(""))).is_err());
        // A choice with a default refuses a blank value: it is not guessed.
        let with_default = Param::new(
            "priority",
            "Priority",
            "",
            Kind::Choice {
                choices: CHOICES,
                default: "high",
            },
            To::Local,
        );
        assert!(read(&with_default, Some(&json!(""))).is_err());
    }

    const FLAG: Param = Param::new(
        "unread",
        "Unread",
        "",
        Kind::Flag {
            default: false,
            destroys: None,
        },
        To::Body { pointer: "/unread" },
    );

    const STATUS_CHOICES: &[Choice] = &[Choice {
        value: "active",
        label: "Active",
        help: "",
    }];

    const CHOICE: Param = Param::new(
        "status",
        "Status",
        "",
        Kind::Choice {
            choices: STATUS_CHOICES,
            default: "",
        },
        To::Body { pointer: "/status" },
    );

    #[test]
    fn a_required_flag_is_never_its_default_guessed() {
        let required = FLAG.required();
        assert!(read(&required, None).is_err());
        assert!(read(&required, Some(&Value::Null)).is_err());
        assert_eq!(
            read(&required, Some(&json!(false))).ok(),
            Some(Val::Bool(false))
        );
        assert_eq!(read(&FLAG, None).ok(), Some(Val::Bool(false)));
        assert_eq!(read(&FLAG.option(), None).ok(), Some(Val::Absent));
    }

    #[test]
    fn a_blank_choice_is_missing() {
        assert_eq!(read(&CHOICE, Some(&json!(" "))).ok(), Some(Val::Absent));
        let required = CHOICE.required();
        let err = read(&required, Some(&json!(""))).unwrap_err();
        assert!(err.message.contains("missing"), "{}", err.message);
        assert_eq!(
            read(&required, Some(&json!("ACTIVE"))).ok(),
            Some(Val::Text("active".into()))
        );
        assert!(read(&required, Some(&json!("nope"))).is_err());
    }
}
