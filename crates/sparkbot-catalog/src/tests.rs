//! The catalog held to its own rules, and what is generated from it held
//! to what is committed: the operations table in the README, the endpoint
//! table in `docs/`, and the exact request of every operation with its
//! defaults and with every option set (`tests/cases/requests.json`, which
//! the end-to-end tests also send through the real component). After a
//! deliberate change: `UPDATE_GENERATED=1 cargo test -p sparkbot-catalog`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Map, Value, json};
use workflow_node_sdk::catalog::check::check;
use workflow_node_sdk::catalog::fetch::first_request;
use workflow_node_sdk::catalog::route::{Routed, route, validate};
use workflow_node_sdk::catalog::{Kind, OPTIONS, Operation, Param, To, sample, table};

use super::*;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some()
}

/// Replaces or checks the text between `<!-- name:start -->` and `<!-- name:end -->` in `file`.
fn generated_section(file: &str, name: &str, content: &str) {
    let path = repo(file);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let (Some(a), Some(b)) = (text.find(&start), text.find(&end)) else {
        panic!("{file} has no section {start:?} … {end:?}");
    };
    let current = &text[a + start.len()..b];
    if current == content {
        return;
    }
    if updating() {
        let updated = format!("{}{start}{content}{}", &text[..a], &text[b..]);
        std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{file}: {e}"));
    } else {
        panic!(
            "the generated section {name} of {file} is stale; run UPDATE_GENERATED=1 cargo test -p sparkbot-catalog"
        );
    }
}

#[test]
fn every_operation_keeps_the_catalog_rules() {
    let mut seen = BTreeSet::new();
    for op in OPERATIONS {
        assert!(seen.insert((op.resource, op.value)), "{} twice", op.value);
        assert!(
            RESOURCES.iter().any(|r| r.value == op.resource),
            "{}",
            op.value
        );
        assert!(
            !op.description.is_empty() && !op.action.is_empty(),
            "{}",
            op.value
        );
        let names: BTreeSet<&str> = op.params.iter().map(|p| p.name).collect();
        assert_eq!(
            names.len(),
            op.params.len(),
            "{}: a parameter twice",
            op.value
        );
        assert!(
            !names.contains(OPTIONS) && !names.contains("resource") && !names.contains("operation")
        );
        let in_path: BTreeSet<&str> = op
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        let path_params: BTreeSet<&str> = op
            .params
            .iter()
            .filter(|p| p.to == To::Path)
            .map(|p| p.name)
            .collect();
        assert_eq!(
            in_path, path_params,
            "{}: path and parameters disagree",
            op.value
        );
        for p in op.params.iter().filter(|p| p.to == To::Path) {
            assert!(
                p.required
                    && matches!(
                        p.kind,
                        Kind::Id { .. } | Kind::Hex { .. } | Kind::ChatId { .. }
                    ),
                "{}.{}: a path segment is a required id",
                op.value,
                p.name
            );
        }
        let keys: Vec<&str> = op
            .params
            .iter()
            .filter_map(|p| match p.to {
                To::Query { key, .. } => Some(key),
                _ => None,
            })
            .collect();
        assert_eq!(
            keys.iter().collect::<BTreeSet<_>>().len(),
            keys.len(),
            "{}: a query key twice",
            op.value
        );
        if let Some(name) = op.timeout.param {
            assert!(
                matches!(op.param(name).map(|p| p.kind), Some(Kind::Millis { .. })),
                "{}: timeout parameter",
                op.value
            );
        }
        for (flag, _) in op.timeout.raised_by {
            assert!(
                matches!(op.param(flag).map(|p| p.kind), Some(Kind::Flag { .. })),
                "{}: raised by {flag}",
                op.value
            );
        }
    }
    for r in RESOURCES {
        assert!(
            CATALOG.operation(r.value, r.default_operation).is_some(),
            "{}",
            r.value
        );
    }
}

#[test]
fn every_request_routes_back_to_its_operation_and_validates() {
    for (_, case) in cases() {
        let checked = check(&CATALOG, case["params"].as_object().unwrap_or(&Map::new())).unwrap();
        let req = first_request(&checked).unwrap();
        let Routed::Found(endpoint) = route(&CATALOG, req.method.as_str(), &req.segments) else {
            panic!("{} does not route", checked.op.value);
        };
        assert!(
            endpoint.ops.iter().any(|o| o.value == checked.op.value),
            "{}",
            checked.op.value
        );
        let body = req.body.as_ref().map(Value::to_string).unwrap_or_default();
        validate(&endpoint, &req.query, body.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", checked.op.value));
    }
}

#[test]
fn a_mock_refuses_what_no_operation_sends() {
    let segments = |p: &str| {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert!(matches!(
        route(&CATALOG, "DELETE", &segments("/devices/x/scan")),
        Routed::MethodNotAllowed
    ));
    assert!(matches!(
        route(&CATALOG, "GET", &segments("/nothing")),
        Routed::NotFound
    ));
    let Routed::Found(scan) = route(&CATALOG, "GET", &segments("/devices/x/scan")) else {
        panic!()
    };
    assert_eq!(scan.path_value("device"), Some("x"));
    let q = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    };
    assert!(validate(&scan, &q(&[("force", "false"), ("encoding", "svg")]), b"").is_ok());
    assert!(
        validate(&scan, &q(&[("force", "yes"), ("encoding", "svg")]), b"")
            .unwrap_err()
            .contains("force")
    );
    assert!(
        validate(&scan, &q(&[("force", "false")]), b"")
            .unwrap_err()
            .contains("encoding")
    );
    assert!(
        validate(
            &scan,
            &q(&[("force", "false"), ("encoding", "svg"), ("x", "1")]),
            b""
        )
        .is_err()
    );
    let Routed::Found(auth) = route(&CATALOG, "POST", &segments("/devices/x/authcode")) else {
        panic!()
    };
    assert!(validate(&auth, &[], br#"{"phone":"+16001234560"}"#).is_ok());
    assert!(
        validate(&auth, &[], br#"{"phone":"123"}"#)
            .unwrap_err()
            .contains("phone")
    );
    assert!(validate(&auth, &[], br#"{"other":1}"#).is_err());
    assert!(
        validate(&auth, &[], b"").is_err(),
        "the body is always an object"
    );
}

fn params_for(op: &Operation, full: bool) -> Value {
    Value::Object(sample::parameters(op, full))
}

/// Every operation's two cases, generated: name → {params, request}.
fn cases() -> Map<String, Value> {
    let mut out = Map::new();
    for op in OPERATIONS {
        for (label, full) in [("defaults", false), ("every option", true)] {
            let params = params_for(op, full);
            let checked = check(&CATALOG, params.as_object().unwrap_or(&Map::new()))
                .unwrap_or_else(|e| panic!("{} ({label}): {}", op.value, e.message));
            let req = first_request(&checked).unwrap();
            let wire = json!({
                "method": req.method.as_str(),
                "path": req.path_and_query(""),
                "body": req.body,
                "timeoutMs": req.timeout.as_millis() as u64,
            });
            out.insert(
                format!("{}.{} ({label})", op.resource, op.value),
                json!({"params": params, "request": wire}),
            );
        }
    }
    out
}

#[test]
fn every_operation_sends_exactly_the_committed_request() {
    let generated = Value::Object(cases());
    let path = repo("tests/cases/requests.json");
    // Compared as JSON values, so key order (serde_json's preserve_order,
    // on when the whole workspace builds together) does not matter.
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or(Value::Null);
    if committed != generated {
        if updating() {
            let text = serde_json::to_string_pretty(&generated).unwrap_or_default() + "\n";
            std::fs::write(&path, text).unwrap();
        } else {
            panic!(
                "an operation's request differs from tests/cases/requests.json; if the change is meant, run UPDATE_GENERATED=1 cargo test -p sparkbot-catalog and review the diff"
            );
        }
    }
}

#[test]
fn the_readme_operations_table_is_current() {
    generated_section(
        "README.md",
        "operations",
        &table::summary_markdown(&CATALOG),
    );
}

#[test]
fn the_docs_endpoint_table_is_current() {
    generated_section(
        "docs/sparkbot-api.md",
        "endpoints",
        &table::operations_markdown(&CATALOG),
    );
}

#[test]
fn a_hostile_value_of_every_parameter_is_refused_naming_it() {
    for op in OPERATIONS {
        let base = sample::parameters(op, true);
        for param in op.params {
            for value in sample::hostile(param) {
                // A required choice with a default (Create Number's plan)
                // takes its default when missing, by design of its entry.
                if value.is_null()
                    && matches!(param.kind, Kind::Choice { default, .. } if !default.is_empty())
                {
                    continue;
                }
                let mut params = base.clone();
                sample::put(op, &mut params, param, value.clone());
                let Err(e) = check(&CATALOG, &params) else {
                    panic!("{}.{}: {value} was accepted", op.value, param.name);
                };
                assert!(
                    e.message.contains(param.label),
                    "{}.{}: the message names {}: {}",
                    op.value,
                    param.name,
                    param.label,
                    e.message
                );
            }
        }
    }
}

#[test]
fn the_form_has_every_operation() {
    let properties = workflow_node_sdk::catalog::describe::properties(&CATALOG);
    assert!(properties.len() > OPERATIONS.len());
}

#[test]
fn every_dropdown_and_picker_has_its_list() {
    use workflow_node_sdk::catalog::Kind;
    let dropdowns: BTreeSet<&str> = lookups::DROPDOWNS.iter().map(|l| l.method).collect();
    let pickers: BTreeSet<&str> = lookups::PICKERS.iter().map(|l| l.method).collect();
    let mut used = BTreeSet::new();
    let kinds = |p: &Param| match p.kind {
        Kind::Rows { fields, .. } => fields.iter().map(|f| f.kind).collect::<Vec<_>>(),
        Kind::List { of, .. } => vec![*of],
        other => vec![other],
    };
    for op in OPERATIONS {
        for param in op.params {
            for kind in kinds(param) {
                match kind {
                    Kind::Id {
                        dropdown: Some(m), ..
                    }
                    | Kind::Hex {
                        dropdown: Some(m), ..
                    } => {
                        assert!(
                            m == GET_DEVICES || dropdowns.contains(m),
                            "{}.{}: {m} has no list",
                            op.value,
                            param.name
                        );
                        used.insert(m);
                    }
                    Kind::ChatId {
                        search: Some(m), ..
                    } => {
                        assert!(pickers.contains(m), "{}.{}: {m}", op.value, param.name);
                        used.insert(m);
                    }
                    _ => {}
                }
            }
        }
    }
    for lookup in lookups::DROPDOWNS.iter().chain(lookups::PICKERS) {
        assert!(
            used.contains(lookup.method),
            "{} is never used",
            lookup.method
        );
        assert!(
            OPERATIONS.contains(lookup.list)
                && lookup.list.paging != workflow_node_sdk::catalog::Paging::None,
            "{}: its list is a paged operation of the catalog",
            lookup.method
        );
        for (key, _) in lookup.fixed {
            assert!(
                lookup
                    .list
                    .params
                    .iter()
                    .any(|p| matches!(p.to, To::Query { key: k, .. } if k == *key)),
                "{}: fixed query '{key}' is no parameter of its list",
                lookup.method
            );
        }
    }
}

/// The shared case "describe lists the form in order" (every host checks
/// its describe() against it) holds the form's property names, generated.
#[test]
fn the_shared_describe_case_is_current() {
    let names: Vec<String> = workflow_node_sdk::catalog::describe::properties(&CATALOG)
        .into_iter()
        .map(|p| format!("          \"{}\"", p.name))
        .collect();
    let path = repo("tests/cases/shared.json");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let anchor = "\"name\": \"describe lists the form in order\"";
    let at = text.find(anchor).expect("the describe case");
    let open_key = "\"propertyNames\": [\n";
    let start = text[at..].find(open_key).expect("its propertyNames") + at + open_key.len();
    let end = text[start..].find("\n        ]").expect("their end") + start;
    let want = names.join(",\n");
    if text[start..end] != want {
        if updating() {
            let mut new = text.clone();
            new.replace_range(start..end, &want);
            std::fs::write(&path, new).unwrap();
        } else {
            panic!(
                "tests/cases/shared.json's describe case is stale; run UPDATE_GENERATED=1 cargo test -p sparkbot-catalog"
            );
        }
    }
}

/// Every host nests a collection's or fixed collection's fields under the
/// parent they name whose display options they carry (n8n allows one name
/// per set of display options): two fields of one name, parent and group
/// with the same display options would land under each other's parent.
/// The fields of the three metadata row sets (Create and Update Contact's
/// options, Replace/Upsert Contact Metadata) once all came without any.
#[test]
fn no_two_fields_of_one_parent_share_a_name_and_display_options() {
    let properties = workflow_node_sdk::catalog::describe::properties(&CATALOG);
    let mut seen = BTreeSet::new();
    for p in &properties {
        if p.parent.is_none() {
            continue;
        }
        assert!(
            p.display_options.is_some(),
            "{} (under {:?}) carries no display options: it would belong to every {:?}",
            p.name,
            p.parent,
            p.parent
        );
        let key = format!(
            "{:?}/{:?}/{}/{:?}",
            p.parent, p.group, p.name, p.display_options
        );
        assert!(seen.insert(key), "{} under {:?} twice", p.name, p.parent);
    }
}
