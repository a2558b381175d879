//! Items and parameters from the command line, and output items to files.

use std::path::Path;

use serde_json::{Map, Value};
use workflow_node_host::bindings::{InputItem, OutputItem};
use workflow_node_host::json;

use super::{CliError, io_error};

/// Parameters as given: each value fixed, or taken from each item's JSON.
#[derive(Debug, Default)]
pub struct Template {
    entries: Vec<(Vec<String>, Source)>,
}

#[derive(Debug)]
enum Source {
    Fixed(Value),
    /// `{{$json.a.b}}`: the item's JSON at this path.
    ItemField(Vec<String>),
}

/// Reads `name=value` pairs.
pub fn parameters(pairs: &[String]) -> Result<Template, CliError> {
    let mut template = Template::default();
    for pair in pairs {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--param {pair}: expected NAME=VALUE")))?;
        let path: Vec<String> = name.split('.').map(str::to_string).collect();
        if path.iter().any(String::is_empty) {
            return Err(CliError::Usage(format!(
                "--param {pair}: empty parameter name"
            )));
        }
        template.entries.push((path, source(value)));
    }
    Ok(template)
}

fn source(value: &str) -> Source {
    let expression = value
        .trim()
        .strip_prefix("{{")
        .and_then(|v| v.strip_suffix("}}"))
        .map(str::trim)
        .and_then(|v| v.strip_prefix("$json."));
    match expression {
        Some(path) => Source::ItemField(path.split('.').map(str::to_string).collect()),
        None => Source::Fixed(
            serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string())),
        ),
    }
}

impl Template {
    /// The parameters for an item whose JSON is `item`; a missing field is null.
    pub fn resolve(&self, item: &Value) -> Map<String, Value> {
        let mut out = Map::new();
        for (path, source) in &self.entries {
            let value = match source {
                Source::Fixed(v) => v.clone(),
                Source::ItemField(field) => field
                    .iter()
                    .try_fold(item, |v, key| v.get(key))
                    .cloned()
                    .unwrap_or(Value::Null),
            };
            insert(&mut out, path, value);
        }
        out
    }
}

fn insert(map: &mut Map<String, Value>, path: &[String], value: Value) {
    match path {
        [] => {}
        [last] => {
            map.insert(last.clone(), value);
        }
        [first, rest @ ..] => {
            let child = map
                .entry(first.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if !child.is_object() {
                *child = Value::Object(Map::new());
            }
            if let Value::Object(child) = child {
                insert(child, rest, value);
            }
        }
    }
}

/// The input items: from `file` (a JSON list of objects) or one empty item.
pub fn read_items(file: Option<&Path>, template: &Template) -> Result<Vec<InputItem>, CliError> {
    let jsons: Vec<Value> = match file {
        None => vec![Value::Object(Map::new())],
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
            match serde_json::from_str(&text) {
                Ok(Value::Array(items)) => items,
                _ => {
                    return Err(CliError::Usage(format!(
                        "{}: expected a JSON list of item objects",
                        path.display()
                    )));
                }
            }
        }
    };
    Ok(jsons
        .iter()
        .map(|item| InputItem {
            json: item.to_string(),
            binary: Vec::new(),
            parameters: Value::Object(template.resolve(item)).to_string(),
        })
        .collect())
}

/// Writes every binary entry under `out_dir` (as `<item>-<file name>`) and
/// returns the items as JSON, with the paths written.
pub fn write_outputs(outputs: &[OutputItem], out_dir: &Path) -> Result<Vec<Value>, CliError> {
    let mut printed = Vec::with_capacity(outputs.len());
    for (i, item) in outputs.iter().enumerate() {
        let mut paths = Vec::with_capacity(item.binary.len());
        for entry in &item.binary {
            std::fs::create_dir_all(out_dir).map_err(|e| io_error(out_dir, e))?;
            let name = entry.file_name.clone().unwrap_or_else(|| entry.key.clone());
            let path = out_dir.join(format!("{i}-{name}"));
            std::fs::write(&path, &entry.data).map_err(|e| io_error(&path, e))?;
            paths.push(Some(path.display().to_string()));
        }
        printed.push(json::output_item(item, &paths));
    }
    Ok(printed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_json_or_text_and_dots_nest() {
        let t = parameters(&[
            "device=abc".into(),
            "force=true".into(),
            "options.timeout=5000".into(),
            "quoted=\"123\"".into(),
        ])
        .unwrap();
        assert_eq!(
            Value::Object(t.resolve(&json!({}))),
            json!({"device": "abc", "force": true, "options": {"timeout": 5000}, "quoted": "123"})
        );
    }

    #[test]
    fn item_fields_are_resolved_per_item() {
        let t = parameters(&["device={{ $json.who.id }}".into()]).unwrap();
        assert_eq!(
            Value::Object(t.resolve(&json!({"who": {"id": "d1"}}))),
            json!({"device": "d1"})
        );
        assert_eq!(
            Value::Object(t.resolve(&json!({}))),
            json!({"device": null})
        );
    }

    #[test]
    fn malformed_pairs_are_usage_errors() {
        assert!(parameters(&["novalue".into()]).is_err());
        assert!(parameters(&["a..b=1".into()]).is_err());
    }
}
