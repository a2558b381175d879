//! The documentation tables of a catalog, generated: one row an operation,
//! with its request and where each parameter goes.

use super::{Body, Catalog, Kind, Operation, Param, Send, To};

/// The operations table, in Markdown, one section a resource.
pub fn operations_markdown(catalog: &Catalog) -> String {
    let mut out = String::new();
    for resource in catalog.resources {
        let ops: Vec<&Operation> = catalog.operations_of(resource.value).collect();
        out.push_str(&format!(
            "**{}** (`{}`), {} operations (`*` required):\n\n| operation (`value`) | request | parameters |\n|---|---|---|\n",
            resource.name,
            resource.value,
            ops.len()
        ));
        for op in ops {
            let params: Vec<String> = op.params.iter().map(param_cell).collect();
            out.push_str(&format!(
                "| {} (`{}`) | {} | {} |\n",
                op.name,
                op.value,
                request_cell(op),
                if params.is_empty() {
                    "—".to_string()
                } else {
                    params.join("<br>")
                }
            ));
        }
        out.push('\n');
    }
    out
}

/// A short table for a README: one row a resource, its operations' labels.
pub fn summary_markdown(catalog: &Catalog) -> String {
    let mut out = format!(
        "{} operations in {} resources:\n\n| resource | operations |\n|---|---|\n",
        catalog.operations.len(),
        catalog.resources.len()
    );
    for resource in catalog.resources {
        let names: Vec<&str> = catalog
            .operations_of(resource.value)
            .map(|op| op.name)
            .collect();
        out.push_str(&format!(
            "| {} ({}) | {} |\n",
            resource.name,
            names.len(),
            names.join(", ")
        ));
    }
    out
}

fn request_cell(op: &Operation) -> String {
    let mut cell = format!("`{} {}`", op.method.as_str(), op.path);
    if op.body == Body::Object {
        cell.push_str(", JSON body");
    }
    if let super::Run::Custom(name) = op.run {
        cell.push_str(&format!(" (and more: `{name}`)"));
    }
    cell
}

fn param_cell(param: &Param) -> String {
    let name = if param.in_options {
        format!("options `{}`", param.name)
    } else {
        format!("`{}`", param.name)
    };
    let required = if param.required { "*" } else { "" };
    let kind = kind_text(param.kind);
    let to = match param.to {
        To::Path => "path".to_string(),
        To::Query { key, send } => match send {
            Send::Always => format!("query `{key}`, always"),
            Send::WhenTrue => format!("query `{key}=true`, only when true"),
            Send::WhenSet => format!("query `{key}`, when set"),
        },
        To::Body { pointer } => format!("body `{pointer}`"),
        To::Root => "the whole body".to_string(),
        To::Header { name } => format!("header `{name}`"),
        To::Local => "not sent".to_string(),
    };
    format!("{name}{required} ({kind}) → {to}")
}

fn kind_text(kind: Kind) -> String {
    match kind {
        Kind::Id { .. } => "id".to_string(),
        Kind::Text { .. } => "text".to_string(),
        Kind::Phone => "E.164 phone".to_string(),
        Kind::Flag { default, destroys } => match destroys {
            Some(_) => format!("boolean, default {default}, destructive: a JSON boolean only"),
            None => format!("boolean, default {default}"),
        },
        Kind::Choice { choices, default } => format!(
            "one of {}, default `{default}`",
            choices
                .iter()
                .map(|c| format!("`{}`", c.value))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Kind::Millis { min, max, default } => format!("ms {min}–{max}, default {default}"),
        Kind::Hex { min, max, .. } if min == max => format!("{min}-hex id"),
        Kind::Hex { min, max, .. } => format!("{min}–{max} hex id"),
        Kind::ChatId { kinds, .. } => kinds
            .iter()
            .map(|k| format!("`…{}`", k.suffix()))
            .collect::<Vec<_>>()
            .join(" or "),
        Kind::Int { min, max } => format!("whole number {min}–{max}"),
        Kind::Decimal { min, max } => format!("number {min}–{max}"),
        Kind::DateTime => "ISO 8601 date-time".to_string(),
        Kind::Multi { choices } => format!(
            "any of {}",
            choices
                .iter()
                .map(|c| format!("`{}`", c.value))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Kind::List { of, min, max } => format!("{min}–{max} × {}", kind_text(*of)),
        Kind::Json => "JSON".to_string(),
        Kind::Rows {
            fields, min, max, ..
        } => format!(
            "{min}–{max} rows of {}",
            fields
                .iter()
                .map(|f| format!("`{}`", f.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Kind::Binary => "input binary property".to_string(),
    }
}
