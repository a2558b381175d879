//! The contract's records as JSON, for the CLI and anything else that speaks
//! JSON. Enum names are the WIT's own ([`crate::bindings`] reads them from
//! `wit/`). The n8n shape of a description has one converter, the n8n
//! package's (`js/n8n-nodes-sparkbot-whatsapp/src/description.ts`).

use serde_json::{Map, Value, json};

use crate::bindings::{NodeDescription, NodeError, OptionValue, OutputItem, Property, SearchPage};

/// A JSON text from the contract as a value; text that is not JSON stays text.
fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// The description as the WIT records hold it: field names in kebab-case,
/// every property in one flat list, JSON texts parsed.
pub fn description(d: &NodeDescription) -> Value {
    let conditions = |list: &[crate::bindings::DisplayCondition]| {
        list.iter()
            .map(|c| json!({"property": c.property, "values": c.values.iter().map(|v| parse(v)).collect::<Vec<_>>()}))
            .collect::<Vec<_>>()
    };
    let property = |p: &Property| {
        json!({
            "name": p.name, "display-name": p.display_name, "type": p.type_.wit_name(),
            "default": parse(&p.default), "required": p.required, "description": p.description,
            "hint": p.hint, "placeholder": p.placeholder,
            "options": p.options.iter().map(|o| json!({
                "name": o.name, "value": parse(&o.value), "description": o.description, "action": o.action,
            })).collect::<Vec<_>>(),
            "display-options": p.display_options.as_ref().map(|d| json!({
                "show": conditions(&d.show), "hide": conditions(&d.hide),
            })),
            "type-options": p.type_options.as_ref().map(|t| json!({
                "password": t.password, "rows": t.rows, "min-value": t.min_value, "max-value": t.max_value,
                "number-precision": t.number_precision, "load-options-method": t.load_options_method,
                "load-options-depends-on": t.load_options_depends_on,
                "multiple-values": t.multiple_values,
                "locator-modes": t.locator_modes.iter().map(|m| json!({
                    "name": m.name, "display-name": m.display_name, "placeholder": m.placeholder,
                    "search-method": m.search_method, "searchable": m.searchable,
                    "pattern": m.pattern, "pattern-hint": m.pattern_hint,
                })).collect::<Vec<_>>(),
            })),
            "no-data-expression": p.no_data_expression,
            "parent": p.parent,
            "group": p.group,
        })
    };
    json!({
        "name": d.name, "display-name": d.display_name, "description": d.description,
        "version": d.version, "group": d.group, "subtitle": d.subtitle, "icon": d.icon,
        "documentation-url": d.documentation_url, "defaults": { "name": d.defaults.name },
        "inputs": d.inputs, "outputs": d.outputs,
        "credentials": d.credentials.iter().map(|c| json!({"name": c.name, "required": c.required})).collect::<Vec<_>>(),
        "credential-types": d.credential_types.iter().map(|c| json!({
            "name": c.name, "display-name": c.display_name, "documentation-url": c.documentation_url,
            "properties": c.properties.iter().map(property).collect::<Vec<_>>(),
            "base-url-field": c.base_url_field,
            "secrets": c.secrets.iter().map(|s| {
                let crate::bindings::SecretPlacement::Header(h) = &s.placement;
                json!({"field": s.field, "placement": {"header": {"name": h.name, "prefix": h.prefix}}})
            }).collect::<Vec<_>>(),
            "test": c.test.as_ref().map(|t| json!({"method": t.method, "path": t.path})),
        })).collect::<Vec<_>>(),
        "properties": d.properties.iter().map(property).collect::<Vec<_>>(),
        "usable-as-tool": d.usable_as_tool,
        "item-budget-ms": d.item_budget_ms,
        "time-budgets": d.time_budgets.iter().map(|b| json!({
            "when": conditions(&b.when), "default-ms": b.default_ms,
            "parameter": b.parameter, "extra-ms": b.extra_ms,
        })).collect::<Vec<_>>(),
    })
}

/// One page of a searchable list: its entries as [`option`]s, and the token
/// of the next page (`null` on the last).
pub fn search_page(page: &SearchPage) -> Value {
    json!({
        "results": page.results.iter().map(option).collect::<Vec<_>>(),
        "pagination-token": page.pagination_token,
    })
}

/// A dropdown option (n8n's `INodePropertyOptions`).
pub fn option(o: &OptionValue) -> Value {
    let mut out = json!({ "name": o.name, "value": parse(&o.value) });
    if let Some(d) = &o.description {
        out["description"] = d.clone().into();
    }
    if let Some(a) = &o.action {
        out["action"] = a.clone().into();
    }
    out
}

/// A node error.
pub fn error(e: &NodeError) -> Value {
    json!({
        "kind": e.kind.wit_name(),
        "message": e.message,
        "description": e.description,
        "httpStatus": e.http_status,
        "itemIndex": e.item_index,
        "retryAfterSeconds": e.retry_after_seconds,
    })
}

/// A failed item's JSON as workflow users see it (n8n's `{"error": message}`),
/// rendered from the contract's copy of the error, `output-item.error`:
/// `error`, `errorKind`, and `description`, `httpStatus`, `retryAfterSeconds`
/// when known.
pub fn failed_item_json(e: &NodeError) -> Value {
    let mut out = Map::new();
    out.insert("error".into(), e.message.clone().into());
    out.insert("errorKind".into(), e.kind.wit_name().into());
    if let Some(d) = &e.description {
        out.insert("description".into(), d.clone().into());
    }
    if let Some(status) = e.http_status {
        out.insert("httpStatus".into(), status.into());
    }
    if let Some(seconds) = e.retry_after_seconds {
        out.insert("retryAfterSeconds".into(), seconds.into());
    }
    Value::Object(out)
}

/// An output item in n8n's `INodeExecutionData` shape; binary entries are
/// described (MIME type, name, size), with `paths[i]` where entry `i` was
/// written. A failed item's JSON is rendered from its error.
pub fn output_item(item: &OutputItem, paths: &[Option<String>]) -> Value {
    let binary: Map<String, Value> = item
        .binary
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut entry = json!({
                "mimeType": b.mime_type,
                "fileName": b.file_name,
                "fileExtension": b.file_extension,
                "fileSize": b.data.len(),
            });
            if let Some(Some(path)) = paths.get(i) {
                entry["path"] = path.clone().into();
            }
            (b.key.clone(), entry)
        })
        .collect();
    let json = match &item.error {
        Some(e) => failed_item_json(e),
        None => parse(&item.json),
    };
    let mut out = json!({
        "json": json,
        "pairedItem": { "item": item.paired_item },
    });
    if !binary.is_empty() {
        out["binary"] = binary.into();
    }
    if let Some(e) = &item.error {
        out["error"] = error(e);
    }
    out
}
