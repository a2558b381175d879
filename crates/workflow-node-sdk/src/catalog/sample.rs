//! Values of a catalog's parameters for tests, by kind, in one place: a
//! valid value (the default's opposite where `full`), an item's whole
//! parameters that satisfy an operation's rules, and hostile values every
//! reader must refuse before any request.

use serde_json::{Map, Value, json};

use super::{ChatKind, Kind, LIMIT, OPERATION, OPTIONS, Operation, Paging, Param, RESOURCE, Rule};

/// A valid value of `kind` (`full`: one unlike its default).
pub fn valid_kind(kind: Kind, full: bool) -> Value {
    match kind {
        Kind::Id { .. } => json!("61b37a069cba0c15d6c81e7b"),
        // Within its limit: a two-letter country code gets "So".
        Kind::Text { max_chars } => json!("Some text"[..max_chars.clamp(1, 9)]),
        Kind::Phone => json!("+16001234560"),
        Kind::Flag { default, .. } => json!(!default),
        Kind::Choice { default, .. } if !full && !default.is_empty() => json!(default),
        // No default (the user must choose): the first value.
        Kind::Choice { choices, .. } if !full => {
            json!(choices.first().map_or("", |c| c.value))
        }
        Kind::Choice { choices, default } => choices
            .iter()
            .rev()
            .find(|c| c.value != default)
            .map_or(json!(default), |c| json!(c.value)),
        Kind::Millis { min, max, default } => json!(if default == max {
            min
        } else {
            default.saturating_add(1).min(max)
        }),
        Kind::Hex { min, .. } => json!("0123456789abcdef0123456789abcdef"[..min.min(32)]),
        Kind::ChatId { kinds, .. } => match kinds.first() {
            Some(ChatKind::Group) => json!("120363012345678901@g.us"),
            Some(ChatKind::Channel) => json!("120363098765432101@newsletter"),
            _ => json!("16001234560@c.us"),
        },
        Kind::Int { min, max } => json!(min.max(1).min(max)),
        Kind::Decimal { min, max } => json!(((min + max) as f64 / 2.0) + 0.5),
        Kind::DateTime => json!("2026-12-24T10:00:00Z"),
        Kind::Multi { choices } => {
            json!(choices.iter().take(2).map(|c| c.value).collect::<Vec<_>>())
        }
        Kind::List { of, min, .. } => {
            let one = valid_kind(*of, full);
            json!(vec![one; min.max(1)])
        }
        Kind::Json => json!({"key": "value"}),
        Kind::Rows {
            group, fields, min, ..
        } => {
            let row: Map<String, Value> = fields
                .iter()
                .filter(|f| f.required || full)
                .map(|f| (f.name.to_string(), valid_kind(f.kind, full)))
                .collect();
            json!({ group: vec![Value::Object(row); min.max(1)] })
        }
        Kind::Binary => json!("data"),
    }
}

/// Values of `param` its reader must refuse (each before any request).
pub fn hostile(param: &Param) -> Vec<Value> {
    let mut out = match param.kind {
        Kind::Id { max_bytes, .. } => vec![
            json!(42),
            json!(true),
            json!(".."),
            json!(" . "),
            json!("x".repeat(max_bytes + 1)),
        ],
        Kind::Text { max_chars } => vec![json!(5), json!("x".repeat(max_chars + 1))],
        Kind::Phone => vec![
            json!("16001234560"),
            json!("+1 600 123 4560"),
            json!(16001234560u64),
        ],
        Kind::Flag {
            destroys: Some(_), ..
        } => vec![json!("true"), json!(1)],
        Kind::Flag { destroys: None, .. } => vec![json!("yes"), json!(2)],
        Kind::Choice { .. } => vec![json!("nope"), json!(5), json!("svg svg")],
        Kind::Millis { min, max, .. } => {
            let mut v = vec![json!(max + 1), json!(1.5), json!(-1), json!("100")];
            if min > 0 {
                v.push(json!(min - 1));
            }
            v
        }
        Kind::Hex { max, .. } => vec![
            json!("zz"),
            json!("a".repeat(max + 1)),
            json!("../etc"),
            json!(7),
        ],
        Kind::ChatId { .. } => vec![
            json!("16001234560"),
            json!("abc@c.us"),
            json!("1@evil.example"),
            json!(16001234560u64),
        ],
        Kind::Int { min, max } => vec![json!(max + 1), json!(min - 1), json!(1.5), json!("x")],
        Kind::Decimal { max, .. } => vec![json!(max + 1), json!("north")],
        Kind::DateTime => vec![json!("tomorrow"), json!("2026-13-01T00:00:00Z"), json!(5)],
        Kind::Multi { .. } => vec![json!(["nope"]), json!(5)],
        Kind::List { max, .. } => vec![json!(vec!["x"; max + 1]), json!(5), json!([{}])],
        Kind::Json => vec![json!("{not json"), json!(5)],
        Kind::Rows { group, max, .. } => vec![
            json!(5),
            json!({ group: vec![json!({}); max + 1] }),
            json!({ group: [{"unknownField": 1}] }),
        ],
        Kind::Binary => vec![json!(5), json!("x".repeat(300))],
    };
    // A list or an object is no scalar, and an object is no list.
    match param.kind {
        Kind::Multi { .. } | Kind::List { .. } => out.push(json!({"a": 1})),
        Kind::Json | Kind::Rows { .. } => {}
        _ => out.extend([json!([]), json!({"a": 1})]),
    }
    // An empty Id is refused (its reader says which id is missing).
    if matches!(param.kind, Kind::Id { .. }) && param.required {
        out.push(json!(""));
    }
    // Missing is refused only where the kind has no default to take.
    if param.required && !has_default(param.kind) {
        out.push(Value::Null);
    }
    out
}

/// Whether a missing value of `kind` reads as its default (a flag, a
/// duration, a choice with a default), so even a required one may be left out.
fn has_default(kind: Kind) -> bool {
    match kind {
        Kind::Flag { .. } | Kind::Millis { .. } => true,
        Kind::Choice { default, .. } => !default.is_empty(),
        _ => false,
    }
}

/// Puts `value` as `param` into an item's `params` (into its options if it
/// is one), and makes `param` apply: a selector it depends on is set to a
/// value that shows it.
pub fn put(op: &Operation, params: &mut Map<String, Value>, param: &Param, value: Value) {
    let mut set = |name: &str, in_options: bool, value: Value| {
        if in_options {
            let options = params
                .entry(OPTIONS)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(map) = options.as_object_mut() {
                map.insert(name.into(), value);
            }
        } else {
            params.insert(name.into(), value);
        }
    };
    if let Some((other, values)) = param.when
        && let (Some(controller), Some(first)) = (op.param(other), values.first())
    {
        set(controller.name, controller.in_options, json!(first));
    }
    set(param.name, param.in_options, value);
}

/// An item's parameters for `op`: every required parameter (and with
/// `full`, every optional one), one of each [`Rule::ExactlyOne`] set, and
/// only the parameters that apply.
pub fn parameters(op: &Operation, full: bool) -> Map<String, Value> {
    let mut given: Vec<(&Param, Value)> = Vec::new();
    let controls = |name: &str| {
        op.params
            .iter()
            .any(|p| p.when.is_some_and(|(o, _)| o == name))
    };
    for param in op.params {
        if let Some((other, values)) = param.when {
            let holds = given
                .iter()
                .find(|(p, _)| p.name == other)
                .and_then(|(_, v)| v.as_str())
                .is_some_and(|v| values.contains(&v));
            if !holds {
                continue;
            }
        }
        // One of each exactly-one set: the first that applies.
        let mut in_set = false;
        let mut taken = false;
        let mut first = false;
        for rule in op.rules {
            match rule {
                Rule::ExactlyOne(names) if names.contains(&param.name) => {
                    in_set = true;
                    taken |= given.iter().any(|(p, _)| names.contains(&p.name));
                    first = true;
                }
                Rule::AtLeastOne(names) if names.contains(&param.name) => {
                    first |= !given.iter().any(|(p, _)| names.contains(&p.name));
                }
                _ => {}
            }
        }
        if in_set && taken {
            continue;
        }
        let value = if let (true, Kind::Choice { default, .. }) = (controls(param.name), param.kind)
        {
            // A selector others depend on keeps its default, so the committed
            // request is the plain one.
            Some(json!(default))
        } else if param.required || full || first {
            Some(valid_kind(param.kind, full))
        } else {
            None
        };
        if let Some(v) = value {
            given.push((param, v));
        }
    }
    // A Differ rule: the second gets another value than the first.
    for rule in op.rules {
        if let Rule::Differ(_, b) = rule
            && let Some((_, v)) = given.iter_mut().find(|(p, _)| p.name == *b)
        {
            *v = json!("61b37a069cba0c15d6c81e7c");
        }
    }
    let mut params = Map::new();
    params.insert(RESOURCE.into(), op.resource.into());
    params.insert(OPERATION.into(), op.value.into());
    if op.paging != Paging::None && full {
        params.insert(LIMIT.into(), json!(5));
    }
    let mut options = Map::new();
    for (p, v) in given {
        if p.in_options {
            options.insert(p.name.into(), v);
        } else {
            params.insert(p.name.into(), v);
        }
    }
    if !options.is_empty() {
        params.insert(OPTIONS.into(), Value::Object(options));
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::check::read;
    use crate::catalog::{Choice, To};

    #[test]
    fn a_valid_text_fits_its_limit() {
        assert_eq!(
            valid_kind(Kind::Text { max_chars: 300 }, true),
            json!("Some text")
        );
        assert_eq!(valid_kind(Kind::Text { max_chars: 2 }, true), json!("So"));
    }

    const ROW_FIELDS: &[Param] = &[Param::new(
        "phone",
        "Phone",
        "",
        Kind::Phone,
        To::Body { pointer: "/phone" },
    )
    .required()];

    const CHOICES: &[Choice] = &[
        Choice {
            value: "a",
            label: "A",
            help: "",
        },
        Choice {
            value: "b",
            label: "B",
            help: "",
        },
    ];

    /// One of every kind (with and without a default where it has one).
    fn kinds() -> Vec<Kind> {
        vec![
            Kind::Id {
                max_bytes: 64,
                dropdown: None,
                what: "an ID",
                fix: "",
            },
            Kind::Text { max_chars: 30 },
            Kind::Phone,
            Kind::Flag {
                default: false,
                destroys: None,
            },
            Kind::Flag {
                default: false,
                destroys: Some("destroys"),
            },
            Kind::Choice {
                choices: CHOICES,
                default: "",
            },
            Kind::Choice {
                choices: CHOICES,
                default: "a",
            },
            Kind::Millis {
                min: 10,
                max: 100,
                default: 50,
            },
            Kind::Hex {
                min: 24,
                max: 24,
                what: "a file ID",
                dropdown: None,
            },
            Kind::ChatId {
                kinds: &[ChatKind::Group],
                search: None,
            },
            Kind::Int { min: 0, max: 10 },
            Kind::Decimal { min: -90, max: 90 },
            Kind::DateTime,
            Kind::Multi { choices: CHOICES },
            Kind::List {
                of: &Kind::Phone,
                min: 1,
                max: 3,
            },
            Kind::Json,
            Kind::Rows {
                group: "row",
                fields: ROW_FIELDS,
                min: 1,
                max: 3,
            },
            Kind::Binary,
        ]
    }

    #[test]
    fn every_kind_takes_its_valid_values_and_refuses_its_hostile_ones() {
        for kind in kinds() {
            for required in [false, true] {
                let mut param = Param::new("p", "P", "", kind, To::Local);
                param.required = required;
                for full in [false, true] {
                    let value = valid_kind(kind, full);
                    assert!(
                        read(&param, Some(&value)).is_ok(),
                        "{kind:?}: {value} refused"
                    );
                }
                for value in hostile(&param) {
                    assert!(
                        read(&param, Some(&value)).is_err(),
                        "{kind:?} (required: {required}): {value} accepted"
                    );
                }
            }
        }
    }

    #[test]
    fn a_choice_without_default_gets_a_valid_value() {
        let kind = Kind::Choice {
            choices: CHOICES,
            default: "",
        };
        let param = Param::new("x", "X", "", kind, To::Local).required();
        for full in [false, true] {
            let value = valid_kind(kind, full);
            assert!(read(&param, Some(&value)).is_ok(), "{value}");
        }
        assert_eq!(valid_kind(kind, false), json!("a"));
    }
}
