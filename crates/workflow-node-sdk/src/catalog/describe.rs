//! The form of a catalog: the resource and operation selectors, every
//! parameter shown only for the operations that take it, one options
//! collection per operation, and the time budget of each operation.

use serde_json::{Value, json};

use super::{
    Catalog, DEFAULT_LIMIT, Kind, LIMIT, OPERATION, OPTIONS, Operation, Paging, Param, RESOURCE,
    RETURN_ALL, To,
};
use crate::form::{choice, condition, property, show, type_options, whole_number};
use crate::types::{
    DisplayCondition, DisplayOptions, LocatorMode, Property, PropertyType, TimeBudget, TypeOptions,
};

/// Every property of the catalog's form, in order.
pub fn properties(catalog: &Catalog) -> Vec<Property> {
    let mut list = vec![Property {
        no_data_expression: true,
        options: catalog
            .resources
            .iter()
            .map(|r| choice(r.name, r.value, None, None))
            .collect(),
        ..property(
            RESOURCE,
            "Resource",
            PropertyType::Options,
            json!(catalog.resources.first().map_or("", |r| r.value)),
        )
    }];
    // Each resource's part in turn: its operation selector, its fields, its options.
    for resource in catalog.resources {
        list.push(Property {
            no_data_expression: true,
            display_options: Some(show(&[(RESOURCE, &[resource.value])])),
            options: catalog
                .operations_of(resource.value)
                .map(|op| choice(op.name, op.value, Some(op.description), Some(op.action)))
                .collect(),
            ..property(
                OPERATION,
                "Operation",
                PropertyType::Options,
                json!(resource.default_operation),
            )
        });
        let ops: Vec<&Operation> = catalog.operations_of(resource.value).collect();
        // Each distinct parameter once, shown for the operations that take it.
        let mut fields: Vec<(&Param, Vec<&str>)> = Vec::new();
        for op in &ops {
            for param in op.params.iter().filter(|p| !p.in_options) {
                match fields.iter_mut().find(|(p, _)| *p == param) {
                    Some((_, shown)) => shown.push(op.value),
                    None => fields.push((param, vec![op.value])),
                }
            }
        }
        for (param, shown) in fields {
            let mut display = for_ops(resource.value, &shown);
            if let Some((other, values)) = param.when {
                display.show.push(condition(other, values));
            }
            let depends = depends_on(&ops, param);
            list.extend(field(param, Some(display), None, &depends));
        }
        let paged: Vec<&str> = ops
            .iter()
            .filter(|op| op.paging != Paging::None)
            .map(|op| op.value)
            .collect();
        if !paged.is_empty() {
            let shown = for_ops(resource.value, &paged);
            list.push(Property {
                description: Some(
                    "Whether to return every element, page after page, or only up to a limit"
                        .into(),
                ),
                display_options: Some(shown.clone()),
                ..property(
                    RETURN_ALL,
                    "Return All",
                    PropertyType::Boolean,
                    json!(false),
                )
            });
            let mut limit_shown = shown;
            limit_shown
                .show
                .push(condition_value(RETURN_ALL, json!(false)));
            list.push(Property {
                description: Some("Max number of results to return".into()),
                display_options: Some(limit_shown),
                type_options: Some(whole_number(1, 1_000_000)),
                ..property(LIMIT, "Limit", PropertyType::Number, json!(DEFAULT_LIMIT))
            });
        }
        for op in ops.iter().filter(|op| op.has_options()) {
            let shown = Some(for_ops(resource.value, &[op.value]));
            list.push(Property {
                placeholder: Some("Add option".into()),
                display_options: shown.clone(),
                ..property(OPTIONS, "Options", PropertyType::Collection, json!({}))
            });
            for p in op.params.iter().filter(|p| p.in_options) {
                list.extend(field(
                    p,
                    shown.clone(),
                    Some(OPTIONS),
                    &depends_on(&[*op], p),
                ));
            }
        }
    }
    list
}

/// The time budget of each operation: its longest request, or the
/// parameter that sets its timeout, plus what it spends beyond.
pub fn time_budgets(catalog: &Catalog) -> Vec<TimeBudget> {
    catalog
        .operations
        .iter()
        .map(|op| {
            let parameter = op.timeout.param.and_then(|name| op.param(name)).map(|p| {
                if p.in_options {
                    format!("{OPTIONS}.{}", p.name)
                } else {
                    p.name.to_string()
                }
            });
            let default_ms = match parameter {
                Some(_) => op.timeout.default_ms,
                None => op.max_timeout_ms(),
            };
            TimeBudget {
                when: vec![
                    condition(RESOURCE, &[op.resource]),
                    condition(OPERATION, &[op.value]),
                ],
                default_ms,
                parameter,
                extra_ms: op.timeout.extra_ms,
            }
        })
        .collect()
}

fn for_ops(resource: &str, ops: &[&str]) -> DisplayOptions {
    show(&[(RESOURCE, &[resource]), (OPERATION, ops)])
}

/// The path parameters a dropdown's list depends on (the device it lists for).
fn depends_on(ops: &[&Operation], param: &Param) -> Vec<String> {
    let lists = matches!(
        param.kind,
        Kind::Hex {
            dropdown: Some(_),
            ..
        } | Kind::ChatId {
            search: Some(_),
            ..
        }
    );
    if !lists {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for op in ops {
        for p in op.params {
            if p.name != param.name
                && matches!(p.to, To::Path)
                && matches!(
                    p.kind,
                    Kind::Id {
                        dropdown: Some(_),
                        ..
                    }
                )
                && !out.iter().any(|n| n == p.name)
            {
                out.push(p.name.to_string());
            }
        }
    }
    out
}

fn condition_value(property: &str, value: Value) -> DisplayCondition {
    DisplayCondition {
        property: property.into(),
        values: vec![value.to_string()],
    }
}

/// The properties of one parameter: its own, and a fixed collection's fields.
fn field(
    param: &Param,
    display: Option<DisplayOptions>,
    parent: Option<&str>,
    depends: &[String],
) -> Vec<Property> {
    let list_options = |method: &str| TypeOptions {
        load_options_method: Some(method.into()),
        load_options_depends_on: depends.to_vec(),
        ..type_options()
    };
    let (type_, default, type_opts, options): (PropertyType, Value, Option<TypeOptions>, _) =
        match param.kind {
            Kind::Id {
                dropdown: Some(method),
                ..
            }
            | Kind::Hex {
                dropdown: Some(method),
                ..
            } => (
                PropertyType::Options,
                json!(""),
                Some(list_options(method)),
                Vec::new(),
            ),
            Kind::ChatId {
                search: Some(method),
                kinds,
            } => (
                PropertyType::ResourceLocator,
                json!({"mode": "list", "value": ""}),
                Some(TypeOptions {
                    load_options_depends_on: depends.to_vec(),
                    locator_modes: vec![
                        LocatorMode {
                            name: "list".into(),
                            display_name: "From List".into(),
                            placeholder: Some("Select a chat…".into()),
                            search_method: Some(method.into()),
                            searchable: true,
                            pattern: None,
                            pattern_hint: None,
                        },
                        LocatorMode {
                            name: "id".into(),
                            display_name: "By ID".into(),
                            placeholder: Some(
                                kinds.first().map_or("12345678901@c.us".to_string(), |k| {
                                    format!("12345678901{}", k.suffix())
                                }),
                            ),
                            search_method: None,
                            searchable: false,
                            pattern: Some(format!(
                                "^[0-9][0-9-]*({})$",
                                kinds
                                    .iter()
                                    .map(|k| k.suffix().replace('.', "\\."))
                                    .collect::<Vec<_>>()
                                    .join("|")
                            )),
                            pattern_hint: Some(format!(
                                "Give {}",
                                kinds
                                    .iter()
                                    .map(|k| k.what())
                                    .collect::<Vec<_>>()
                                    .join(" or ")
                            )),
                        },
                    ],
                    ..type_options()
                }),
                Vec::new(),
            ),
            Kind::Id { dropdown: None, .. }
            | Kind::Hex { dropdown: None, .. }
            | Kind::ChatId { search: None, .. }
            | Kind::Text { .. }
            | Kind::Phone
            | Kind::List { .. } => (PropertyType::String, json!(""), None, Vec::new()),
            Kind::Binary => (PropertyType::String, json!("data"), None, Vec::new()),
            Kind::DateTime => (PropertyType::DateTime, json!(""), None, Vec::new()),
            Kind::Json => (PropertyType::Json, json!(""), None, Vec::new()),
            Kind::Flag { default, .. } => (PropertyType::Boolean, json!(default), None, Vec::new()),
            Kind::Choice { choices, default } => (
                PropertyType::Options,
                json!(default),
                None,
                choices
                    .iter()
                    .map(|c| choice(c.label, c.value, Some(c.help), None))
                    .collect(),
            ),
            Kind::Multi { choices } => (
                PropertyType::MultiOptions,
                json!([]),
                None,
                choices
                    .iter()
                    .map(|c| choice(c.label, c.value, Some(c.help), None))
                    .collect(),
            ),
            Kind::Millis { min, max, default } => (
                PropertyType::Number,
                json!(default),
                Some(whole_number(min, max)),
                Vec::new(),
            ),
            Kind::Int { min, max } => (
                PropertyType::Number,
                Value::Null,
                Some(TypeOptions {
                    min_value: Some(min as f64),
                    max_value: Some(max as f64),
                    number_precision: Some(0),
                    ..type_options()
                }),
                Vec::new(),
            ),
            Kind::Decimal { min, max } => (
                PropertyType::Number,
                Value::Null,
                Some(TypeOptions {
                    min_value: Some(min as f64),
                    max_value: Some(max as f64),
                    number_precision: Some(6),
                    ..type_options()
                }),
                Vec::new(),
            ),
            Kind::Rows { group, .. } => (
                PropertyType::FixedCollection,
                json!({}),
                Some(TypeOptions {
                    multiple_values: true,
                    ..type_options()
                }),
                vec![choice(param.label, group, None, None)],
            ),
        };
    let mut out = vec![Property {
        required: param.required,
        description: Some(param.help.into()),
        placeholder: param.placeholder.map(Into::into),
        options,
        type_options: type_opts,
        display_options: display.clone(),
        parent: parent.map(Into::into),
        ..property(param.name, param.label, type_, default)
    }];
    // A row's fields carry their fixed collection's display options, as an
    // option carries its collection's: several operations may each have a
    // fixed collection of one name, and hosts place each field by them.
    if let Kind::Rows { group, fields, .. } = param.kind {
        for child in fields {
            for mut p in field(child, display.clone(), Some(param.name), &[]) {
                p.group = Some(group.into());
                out.push(p);
            }
        }
    }
    out
}
