//! Readers of an item's parameters, each with its strictness, run before any
//! request is made. Missing or null means the default everywhere; a value of
//! the wrong type is refused with a message naming the field by its label.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::error::{NodeError, Result};
use crate::text::{describe_value, truncate};

/// An item's parameters, which must be a JSON object.
pub fn parse_object(parameters: &str) -> Result<Map<String, Value>> {
    let value: Value = serde_json::from_str(parameters).map_err(|e| {
        NodeError::invalid_parameter(format!(
            "The item's parameters are not valid JSON ({e}); the host must pass a JSON object."
        ))
    })?;
    match value {
        Value::Object(params) => Ok(params),
        other => Err(NodeError::invalid_parameter(format!(
            "The item's parameters must be a JSON object, not {}.",
            describe_value(&other)
        ))),
    }
}

/// The form's current parameters (`load-options`, `list-search`); only a JSON object is accepted.
pub fn read_form(parameters: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str(parameters) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(NodeError::invalid_parameter(
            "The form's current parameters must be a JSON object.",
        )),
    }
}

/// How a flag's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Only a JSON boolean; the text says what the flag destroys, so it is never guessed.
    Destructive(&'static str),
    /// A JSON boolean, or the text `true` / `false`.
    Lenient,
}

/// A flag `key` of `params` (labelled `label` in messages); missing or null is `default`.
pub fn read_flag(
    params: &Map<String, Value>,
    key: &str,
    label: &str,
    strictness: Strictness,
    default: bool,
) -> Result<bool> {
    match (params.get(key), strictness) {
        (None | Some(Value::Null), _) => Ok(default),
        (Some(Value::Bool(b)), _) => Ok(*b),
        (Some(Value::String(s)), Strictness::Lenient) if s.trim().eq_ignore_ascii_case("true") => {
            Ok(true)
        }
        (Some(Value::String(s)), Strictness::Lenient) if s.trim().eq_ignore_ascii_case("false") => {
            Ok(false)
        }
        (Some(other), Strictness::Destructive(why)) => Err(NodeError::invalid_parameter(format!(
            "{label} must be true or false, not {}. It {why}, so the node does not guess: use a boolean expression such as {{{{ true }}}}.",
            describe_value(other),
        ))),
        (Some(other), Strictness::Lenient) => Err(NodeError::invalid_parameter(format!(
            "{label} must be true or false, not {}.",
            describe_value(other)
        ))),
    }
}

/// A duration `key` in whole milliseconds from `min` to `max`; missing or null is `default`.
pub fn read_ms(
    params: &Map<String, Value>,
    key: &str,
    label: &str,
    (min, max): (u64, u64),
    default: u64,
) -> Result<Duration> {
    let out_of_range = || {
        NodeError::invalid_parameter(format!(
            "{label} must be a whole number of milliseconds from {min} to {max}."
        ))
    };
    match params.get(key) {
        None | Some(Value::Null) => Ok(Duration::from_millis(default)),
        Some(Value::Number(n)) => {
            let ms = n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                        .map(|f| f as u64)
                })
                .filter(|ms| (min..=max).contains(ms))
                .ok_or_else(out_of_range)?;
            Ok(Duration::from_millis(ms))
        }
        Some(_) => Err(out_of_range()),
    }
}

/// A sub-collection `key` of `params` (n8n's "Options"), whose names must
/// all be in `allowed`; missing or null is empty.
pub fn read_collection(
    params: &Map<String, Value>,
    key: &str,
    label: &str,
    allowed: &[&str],
) -> Result<Map<String, Value>> {
    let collection = match params.get(key) {
        None | Some(Value::Null) => return Ok(Map::new()),
        Some(Value::Object(collection)) => collection,
        Some(other) => {
            return Err(NodeError::invalid_parameter(format!(
                "{label} must be a collection (a JSON object), not {}.",
                describe_value(other)
            )));
        }
    };
    if let Some(unknown) = collection.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(NodeError::invalid_parameter(format!(
            "Option '{}' is not known; this operation's options are: {}.",
            truncate(unknown, 40),
            if allowed.is_empty() {
                "none".to_string()
            } else {
                allowed.join(", ")
            }
        )));
    }
    Ok(collection.clone())
}

/// Refuses any name of `params` that is not in `allowed`, naming the allowed ones.
pub fn refuse_unknown(params: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<()> {
    match params.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(unknown) => Err(NodeError::invalid_parameter(format!(
            "'{}' is not a parameter of {what}; it takes: {}.",
            truncate(unknown, 40),
            allowed.join(", ")
        ))),
    }
}

/// A phone number in E.164: `+` and 8 to 15 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Checks `raw` (surrounding spaces trimmed); `label` names the field.
    pub fn parse(raw: &str, label: &str) -> Result<Self> {
        let phone = raw.trim();
        let digits = phone.strip_prefix('+').unwrap_or_default();
        if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Phone(phone.to_string()))
        } else {
            Err(NodeError::invalid_parameter(format!(
                "{label} '{}' is not in international (E.164) form: write '+', the country code and the number, 8 to 15 digits in all, with no spaces or dashes, such as +16001234560.",
                truncate(phone, 40)
            )))
        }
    }

    /// The number, as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn flags_are_strict_where_they_destroy() {
        let strict = Strictness::Destructive("destroys x");
        let p = map(json!({"a": true, "b": "true", "c": null, "d": " FALSE "}));
        assert_eq!(read_flag(&p, "a", "A", strict, false), Ok(true));
        assert_eq!(read_flag(&p, "c", "C", strict, false), Ok(false));
        assert_eq!(read_flag(&p, "missing", "M", strict, true), Ok(true));
        let err = read_flag(&p, "b", "B", strict, false).unwrap_err();
        assert!(err.message.contains("does not guess") && err.message.contains("destroys x"));
        assert_eq!(
            read_flag(&p, "b", "B", Strictness::Lenient, false),
            Ok(true)
        );
        assert_eq!(
            read_flag(&p, "d", "D", Strictness::Lenient, true),
            Ok(false)
        );
    }

    #[test]
    fn milliseconds_are_whole_and_in_range() {
        let p = map(
            json!({"ok": 1500, "float": 2000.0, "frac": 1.5, "neg": -1, "big": 1e30, "text": "5"}),
        );
        let read = |k| read_ms(&p, k, "T", (1, 10_000), 30);
        assert_eq!(read("ok"), Ok(Duration::from_millis(1500)));
        assert_eq!(read("float"), Ok(Duration::from_millis(2000)));
        assert_eq!(read("none"), Ok(Duration::from_millis(30)));
        for bad in ["frac", "neg", "big", "text"] {
            assert_eq!(
                read(bad).unwrap_err().kind,
                ErrorKind::InvalidParameter,
                "{bad}"
            );
        }
    }

    #[test]
    fn collections_and_parameters_refuse_unknown_names() {
        let p = map(json!({"options": {"timout": 1}, "x": 1}));
        let err = read_collection(&p, "options", "Options", &["timeout"]).unwrap_err();
        assert!(err.message.contains("'timout'") && err.message.contains("timeout"));
        let err = read_collection(
            &map(json!({"options": {"a": 1}})),
            "options",
            "Options",
            &[],
        )
        .unwrap_err();
        assert!(err.message.ends_with("none."), "{}", err.message);
        assert!(read_collection(&map(json!({"options": 3})), "options", "Options", &[]).is_err());
        let err = refuse_unknown(&p, &["options"], "Get Device").unwrap_err();
        assert!(
            err.message.contains("'x'") && err.message.contains("Get Device"),
            "{}",
            err.message
        );
    }

    #[test]
    fn phones_are_e164() {
        assert_eq!(
            Phone::parse(" +16001234560 ", "Phone").map(|p| p.0),
            Ok("+16001234560".into())
        );
        for bad in [
            "16001234560",
            "+1 600 123",
            "+1234567",
            "+1234567890123456",
            "+12345678a",
        ] {
            let err = Phone::parse(bad, "Phone").unwrap_err();
            assert!(err.message.contains("E.164"), "{bad}");
        }
    }
}
