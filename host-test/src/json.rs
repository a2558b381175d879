//! The contract's records as JSON, in n8n's field names, for the CLI and
//! for anything else that speaks JSON.

use serde_json::{Map, Value, json};

use crate::bindings::{
    DisplayOptions, ErrorKind, NodeDescription, NodeError, OptionValue, OutputItem, Property,
    PropertyType, TypeOptions,
};

/// A JSON text from the contract as a value; text that is not JSON stays text.
fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// The node's description in n8n's `INodeTypeDescription` shape: collection
/// children nested under their collection's `options`.
pub fn description(d: &NodeDescription) -> Value {
    json!({
        "name": d.name,
        "displayName": d.display_name,
        "description": d.description,
        "version": d.version,
        "group": d.group,
        "subtitle": d.subtitle,
        "icon": d.icon,
        "documentationUrl": d.documentation_url,
        "defaults": { "name": d.defaults.name },
        "inputs": d.inputs,
        "outputs": d.outputs,
        "credentials": d.credentials.iter().map(|c| json!({"name": c.name, "required": c.required})).collect::<Vec<_>>(),
        "properties": properties(&d.properties),
        "credentialTypes": d.credential_types.iter().map(|c| json!({
            "name": c.name,
            "displayName": c.display_name,
            "documentationUrl": c.documentation_url,
            "properties": properties(&c.properties),
            "test": c.test.as_ref().map(|t| json!({"request": {"method": t.method, "url": t.path}})),
        })).collect::<Vec<_>>(),
    })
}

/// The description as the WIT records hold it: field names in kebab-case,
/// every property in one flat list, JSON texts parsed.
pub fn description_wit(d: &NodeDescription) -> Value {
    let property = |p: &Property| {
        json!({
            "name": p.name, "display-name": p.display_name, "type": property_type(p.type_),
            "default": parse(&p.default), "required": p.required, "description": p.description,
            "hint": p.hint, "placeholder": p.placeholder,
            "options": p.options.iter().map(|o| json!({
                "name": o.name, "value": parse(&o.value), "description": o.description, "action": o.action,
            })).collect::<Vec<_>>(),
            "display-options": p.display_options.as_ref().map(|d| json!({
                "show": d.show.iter().map(|c| json!({"property": c.property, "values": c.values.iter().map(|v| parse(v)).collect::<Vec<_>>()})).collect::<Vec<_>>(),
                "hide": d.hide.iter().map(|c| json!({"property": c.property, "values": c.values.iter().map(|v| parse(v)).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            })),
            "type-options": p.type_options.as_ref().map(|t| json!({
                "password": t.password, "rows": t.rows, "min-value": t.min_value, "max-value": t.max_value,
                "number-precision": t.number_precision, "load-options-method": t.load_options_method,
                "load-options-depends-on": t.load_options_depends_on,
            })),
            "no-data-expression": p.no_data_expression,
            "parent": p.parent,
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
            "test": c.test.as_ref().map(|t| json!({"method": t.method, "path": t.path})),
        })).collect::<Vec<_>>(),
        "properties": d.properties.iter().map(property).collect::<Vec<_>>(),
    })
}

/// Top-level properties, each collection with its children nested.
fn properties(all: &[Property]) -> Vec<Value> {
    all.iter()
        .filter(|p| p.parent.is_none())
        .map(|p| property(p, all))
        .collect()
}

fn property(p: &Property, all: &[Property]) -> Value {
    let mut out = Map::new();
    out.insert("displayName".into(), p.display_name.clone().into());
    out.insert("name".into(), p.name.clone().into());
    out.insert("type".into(), property_type(p.type_).into());
    out.insert("default".into(), parse(&p.default));
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            out.insert(key.into(), value);
        }
    };
    put("required", p.required.then_some(Value::Bool(true)));
    put(
        "noDataExpression",
        p.no_data_expression.then_some(Value::Bool(true)),
    );
    put("description", p.description.clone().map(Value::String));
    put("hint", p.hint.clone().map(Value::String));
    put("placeholder", p.placeholder.clone().map(Value::String));
    put(
        "displayOptions",
        p.display_options.as_ref().map(display_options),
    );
    put("typeOptions", p.type_options.as_ref().map(type_options));
    let children: Vec<Value> = all
        .iter()
        .filter(|c| c.parent.as_deref() == Some(p.name.as_str()))
        .map(|c| property(c, all))
        .collect();
    if !children.is_empty() {
        out.insert("options".into(), children.into());
    } else if !p.options.is_empty() {
        out.insert("options".into(), p.options.iter().map(option).collect());
    }
    Value::Object(out)
}

fn property_type(t: PropertyType) -> &'static str {
    match t {
        PropertyType::String => "string",
        PropertyType::Number => "number",
        PropertyType::Boolean => "boolean",
        PropertyType::Options => "options",
        PropertyType::MultiOptions => "multiOptions",
        PropertyType::Collection => "collection",
        PropertyType::Json => "json",
        PropertyType::Notice => "notice",
    }
}

fn display_options(d: &DisplayOptions) -> Value {
    let rules = |conditions: &[crate::bindings::DisplayCondition]| -> Value {
        conditions
            .iter()
            .map(|c| {
                (
                    c.property.clone(),
                    c.values.iter().map(|v| parse(v)).collect::<Value>(),
                )
            })
            .collect::<Map<_, _>>()
            .into()
    };
    let mut out = Map::new();
    if !d.show.is_empty() {
        out.insert("show".into(), rules(&d.show));
    }
    if !d.hide.is_empty() {
        out.insert("hide".into(), rules(&d.hide));
    }
    Value::Object(out)
}

fn type_options(t: &TypeOptions) -> Value {
    let mut out = Map::new();
    if t.password {
        out.insert("password".into(), true.into());
    }
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            out.insert(key.into(), value);
        }
    };
    put("rows", t.rows.map(Into::into));
    put("minValue", t.min_value.map(Into::into));
    put("maxValue", t.max_value.map(Into::into));
    put("numberPrecision", t.number_precision.map(Into::into));
    put(
        "loadOptionsMethod",
        t.load_options_method.clone().map(Value::String),
    );
    if !t.load_options_depends_on.is_empty() {
        out.insert(
            "loadOptionsDependsOn".into(),
            t.load_options_depends_on.clone().into(),
        );
    }
    Value::Object(out)
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

/// The WIT name of an error kind.
pub fn error_kind(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidParameter => "invalid-parameter",
        ErrorKind::MissingCredentials => "missing-credentials",
        ErrorKind::Authentication => "authentication",
        ErrorKind::NotFound => "not-found",
        ErrorKind::SessionState => "session-state",
        ErrorKind::RateLimited => "rate-limited",
        ErrorKind::Network => "network",
        ErrorKind::Timeout => "timeout",
        ErrorKind::DeniedByHost => "denied-by-host",
        ErrorKind::ServiceError => "service-error",
        ErrorKind::Internal => "internal",
    }
}

/// A node error.
pub fn error(e: &NodeError) -> Value {
    json!({
        "kind": error_kind(e.kind),
        "message": e.message,
        "description": e.description,
        "httpStatus": e.http_status,
        "itemIndex": e.item_index,
        "retryAfterSeconds": e.retry_after_seconds,
    })
}

/// An output item in n8n's `INodeExecutionData` shape; binary entries are
/// described (MIME type, name, size), with `paths[i]` where entry `i` was written.
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
    let mut out = json!({
        "json": parse(&item.json),
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
