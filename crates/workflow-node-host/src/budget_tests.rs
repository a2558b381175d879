use serde_json::json;

use super::*;

fn condition(property: &str, values: &[Value]) -> DisplayCondition {
    DisplayCondition {
        property: property.into(),
        values: values.iter().map(Value::to_string).collect(),
    }
}

/// A node like SparkBot: scan-and-wait waits up to `options.timeout`
/// (default 60 s) plus the requests around it; a plain scan has a fixed
/// budget; anything else gets 30 s.
fn budgets() -> Budgets {
    Budgets {
        item_ms: 30_000,
        entries: vec![
            TimeBudget {
                when: vec![
                    condition("resource", &[json!("session")]),
                    condition("operation", &[json!("scanAndWait")]),
                ],
                default_ms: 60_000,
                parameter: Some("options.timeout".into()),
                extra_ms: 5_000,
            },
            TimeBudget {
                when: vec![condition("operation", &[json!("scan"), json!("scanQr")])],
                default_ms: 10_000,
                parameter: None,
                extra_ms: 0,
            },
        ],
        defaults: [("resource".to_string(), json!("session"))]
            .into_iter()
            .collect(),
    }
}

const CAP: Duration = Duration::from_secs(15 * 60);

#[test]
fn the_first_entry_whose_conditions_all_hold_applies() {
    let b = budgets();
    let wait = json!({"resource": "session", "operation": "scanAndWait"});
    assert_eq!(b.item_ms(&wait), 65_000);
    // Any of a condition's values holds.
    assert_eq!(b.item_ms(&json!({"operation": "scanQr"})), 10_000);
    assert_eq!(b.item_ms(&json!({"operation": "scan"})), 10_000);
}

#[test]
fn an_item_no_entry_matches_gets_the_item_budget() {
    let b = budgets();
    // One condition of the first entry fails, and the second does not hold.
    let other = json!({"resource": "device", "operation": "scanAndWait"});
    assert_eq!(b.item_ms(&other), 30_000);
    assert_eq!(b.item_ms(&json!({"operation": "list"})), 30_000);
    assert_eq!(b.item_ms(&json!({})), 30_000);
    // A value of another JSON type does not match ("1" is not 1).
    let typed = Budgets {
        entries: vec![TimeBudget {
            when: vec![condition("count", &[json!(1)])],
            default_ms: 1,
            parameter: None,
            extra_ms: 0,
        }],
        ..Budgets::default()
    };
    assert_eq!(typed.item_ms(&json!({"count": "1"})), 0);
    assert_eq!(typed.item_ms(&json!({"count": 1})), 1);
}

#[test]
fn an_unset_top_level_parameter_is_judged_by_its_default() {
    // `resource` is unset: its default, `session`, holds.
    assert_eq!(
        budgets().item_ms(&json!({"operation": "scanAndWait"})),
        65_000
    );
}

#[test]
fn the_parameter_replaces_the_default_when_set_to_a_positive_number() {
    let b = budgets();
    let with = |options: Value| {
        b.item_ms(&json!({"resource": "session", "operation": "scanAndWait", "options": options}))
    };
    assert_eq!(with(json!({"timeout": 120_000})), 125_000);
    assert_eq!(with(json!({"timeout": 1.5})), 5_002, "fractions round up");
    // Unset, not a number, zero or negative: the default.
    assert_eq!(with(json!({})), 65_000);
    assert_eq!(with(json!({"timeout": "120000"})), 65_000);
    assert_eq!(with(json!({"timeout": null})), 65_000);
    assert_eq!(with(json!({"timeout": 0})), 65_000);
    assert_eq!(with(json!({"timeout": -5})), 65_000);
    // A dotted path goes into objects only.
    assert_eq!(with(json!("timeout")), 65_000);
    assert_eq!(
        b.item_ms(&json!({"operation": "scanAndWait", "options.timeout": 120_000})),
        65_000,
        "a key with a dot in it is not the path"
    );
}

#[test]
fn a_call_sums_its_items_and_is_capped() {
    let b = budgets();
    let wait = r#"{"operation": "scanAndWait"}"#;
    let scan = r#"{"operation": "scan"}"#;
    assert_eq!(
        b.call([wait, scan, "not json"], CAP),
        Duration::from_millis(105_000)
    );
    assert_eq!(b.call([], CAP), Duration::ZERO);
    let long = r#"{"operation": "scanAndWait", "options": {"timeout": 600000}}"#;
    assert_eq!(b.call([long, long], CAP), CAP);
    // Sums that overflow saturate, then the cap applies.
    let huge = r#"{"operation": "scanAndWait", "options": {"timeout": 1e300}}"#;
    assert_eq!(b.call([huge, huge], CAP), CAP);
}
