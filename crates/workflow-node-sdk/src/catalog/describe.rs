//! The form of a catalog: the resource and operation selectors, every
//! parameter shown only for the operations that take it, one options
//! collection per operation, and the time budget of each operation.

use serde_json::{Value, json};

use super::{Catalog, Kind, OPERATION, OPTIONS, Operation, Param, RESOURCE};
use crate::form::{choice, condition, property, show, type_options, whole_number};
use crate::types::{DisplayOptions, Property, PropertyType, TimeBudget, TypeOptions};

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
    }
    for resource in catalog.resources {
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
            list.push(Property {
                display_options: Some(for_ops(resource.value, &shown)),
                ..field(param)
            });
        }
        for op in ops.iter().filter(|op| op.has_options()) {
            let shown = Some(for_ops(resource.value, &[op.value]));
            list.push(Property {
                placeholder: Some("Add option".into()),
                display_options: shown.clone(),
                ..property(OPTIONS, "Options", PropertyType::Collection, json!({}))
            });
            list.extend(op.params.iter().filter(|p| p.in_options).map(|p| Property {
                parent: Some(OPTIONS.into()),
                display_options: shown.clone(),
                ..field(p)
            }));
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

/// The property of one parameter.
fn field(param: &Param) -> Property {
    let (type_, default, type_opts, options): (PropertyType, Value, Option<TypeOptions>, _) =
        match param.kind {
            Kind::Id {
                dropdown: Some(method),
                ..
            } => (
                PropertyType::Options,
                json!(""),
                Some(TypeOptions {
                    load_options_method: Some(method.into()),
                    ..type_options()
                }),
                Vec::new(),
            ),
            Kind::Id { dropdown: None, .. } | Kind::Text { .. } | Kind::Phone => {
                (PropertyType::String, json!(""), None, Vec::new())
            }
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
            Kind::Millis { min, max, default } => (
                PropertyType::Number,
                json!(default),
                Some(whole_number(min, max)),
                Vec::new(),
            ),
        };
    Property {
        required: param.required,
        description: Some(param.help.into()),
        placeholder: param.placeholder.map(Into::into),
        options,
        type_options: type_opts,
        ..property(param.name, param.label, type_, default)
    }
}
