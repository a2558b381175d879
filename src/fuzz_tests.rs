//! Property tests over everything that reads outside input: every
//! operation's parameters through the real reader (the catalog's check,
//! as `plan` runs it), and API answers through the shaping. Valid values
//! are generated from each parameter's kind, so the success branches run
//! as well as the refusals. A longer run:
//! `PROPTEST_CASES=100000 cargo test -p sparkbot-whatsapp --lib fuzz_tests`.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use sparkbot_catalog::{CATALOG, OPERATIONS, RUN_RAW};
use workflow_node_sdk::ErrorKind;
use workflow_node_sdk::catalog::check::check;
use workflow_node_sdk::catalog::request::request;
use workflow_node_sdk::catalog::{Kind, OPTIONS, Operation, Param, Run, sample};
use workflow_node_sdk::http::Reply;

use crate::qr::{Encoding, ScanQr, shape};

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        Just(Value::String("true".into())),
        Just(Value::String("..".into())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid value of `param`, by its kind.
fn valid(param: &'static Param) -> BoxedStrategy<Value> {
    match param.kind {
        Kind::Id { .. } => "[0-9a-f]{24}|[A-Za-z0-9 ./?#%-]{1,30}"
            .prop_filter("not a dot segment", |s| {
                !matches!(s.trim(), "" | "." | "..")
            })
            .prop_map(Value::String)
            .boxed(),
        Kind::Text { max_chars } => prop::collection::vec(any::<char>(), 1..max_chars.min(40))
            .prop_map(|c| Value::String(c.into_iter().collect()))
            .boxed(),
        Kind::Phone => "\\+[1-9][0-9]{7,14}".prop_map(Value::String).boxed(),
        Kind::Flag { .. } => any::<bool>().prop_map(Value::Bool).boxed(),
        Kind::Choice { choices, .. } => {
            prop::sample::select(choices.iter().map(|c| c.value).collect::<Vec<_>>())
                .prop_flat_map(|v| {
                    prop_oneof![
                        Just(v.to_string()),
                        Just(v.to_uppercase()),
                        Just(format!(" {v} "))
                    ]
                })
                .prop_map(Value::String)
                .boxed()
        }
        Kind::Millis { min, max, .. } => (min..=max).prop_map(Value::from).boxed(),
        Kind::Int { min, max } => (min..=max).prop_map(Value::from).boxed(),
        // The other kinds: the SDK's valid value, or its plain form.
        other => prop_oneof![
            Just(sample::valid_kind(other, true)),
            Just(sample::valid_kind(other, false)),
        ]
        .boxed(),
    }
}

/// Valid parameters of `op`: the SDK's sample (the required ones, or
/// every one; always within the operation's rules), each value redrawn
/// from its kind.
fn valid_params(op: &'static Operation) -> BoxedStrategy<Map<String, Value>> {
    let values: Vec<BoxedStrategy<(&'static Param, Value)>> = op
        .params
        .iter()
        .map(|p| valid(p).prop_map(move |v| (p, v)).boxed())
        .collect();
    (any::<bool>(), values)
        .prop_map(move |(full, values)| {
            let mut params = sample::parameters(op, full);
            for (p, v) in values {
                // A selector others depend on keeps the sample's value, so
                // what applies stays what the rules ask for.
                if op
                    .params
                    .iter()
                    .any(|o| o.when.is_some_and(|(c, _)| c == p.name))
                {
                    continue;
                }
                let target = if p.in_options {
                    params.get_mut(OPTIONS).and_then(Value::as_object_mut)
                } else {
                    Some(&mut params)
                };
                if let Some(map) = target
                    && map.contains_key(p.name)
                {
                    map.insert(p.name.into(), v);
                }
            }
            params
        })
        .boxed()
}

fn any_op() -> impl Strategy<Value = &'static Operation> {
    prop::sample::select(OPERATIONS.iter().collect::<Vec<_>>())
}

proptest! {
    #[test]
    fn valid_parameters_of_every_operation_are_accepted_and_make_a_request(
        params in any_op().prop_flat_map(valid_params)
    ) {
        let checked = check(&CATALOG, &params).map_err(|e| TestCaseError::fail(e.message))?;
        // Send API Request's path is the user's own (raw.rs tests it).
        prop_assume!(checked.op.run != Run::Custom(RUN_RAW));
        let request = request(&checked).map_err(|e| TestCaseError::fail(e.message))?;
        let template: Vec<&str> = checked.op.path.split('/').filter(|s| !s.is_empty()).collect();
        prop_assert_eq!(request.segments.len(), template.len());
        prop_assert!(request.segments.iter().all(|s| !s.is_empty()));
        // Every segment is sent percent-encoded: no value adds a segment or a query.
        let path = request.path_and_query("");
        let path_only = path.split('?').next().unwrap_or_default();
        prop_assert_eq!(path_only.matches('/').count(), template.len());
    }

    #[test]
    fn one_hostile_value_is_refused_cleanly_or_accepted_whole(
        (params, name, value) in any_op().prop_flat_map(|op| {
            (valid_params(op), prop::sample::select(op.params.iter().map(|p| (p.name, p.in_options)).collect::<Vec<_>>()), json_value())
        })
    ) {
        let mut params = params;
        let ((name, in_options), value) = (name, value);
        if in_options {
            let options = params.entry(OPTIONS).or_insert_with(|| json!({}));
            if let Some(o) = options.as_object_mut() { o.insert(name.into(), value); }
        } else {
            params.insert(name.into(), value);
        }
        match check(&CATALOG, &params) {
            Ok(checked) => prop_assert!(request(&checked).is_ok()),
            Err(e) => prop_assert_eq!(e.kind, ErrorKind::InvalidParameter),
        }
    }

    #[test]
    fn parameters_of_any_shape_never_panic(v in json_value()) {
        if let Value::Object(params) = v
            && let Err(e) = check(&CATALOG, &params)
        {
            prop_assert_eq!(e.kind, ErrorKind::InvalidParameter);
        }
    }

    #[test]
    fn shaping_any_answer_never_panics(
        body in prop::collection::vec(any::<u8>(), 0..300),
        json_body in json_value(),
        content_type in prop::option::of(prop_oneof![Just("application/json"), Just("image/png"), Just("image/svg+xml"), Just("text/html")]),
        encoding in prop::sample::select(Encoding::ALL.to_vec()),
    ) {
        let scan = ScanQr { device: "d".into(), force: false, encoding, timeout: std::time::Duration::from_secs(1) };
        for body in [body, json_body.to_string().into_bytes()] {
            let reply = Reply { status: 200, content_type: content_type.map(str::to_string), retry_after: None, content_disposition: None, body };
            if let Err(e) = shape(&scan, &reply) {
                prop_assert_eq!(e.kind, ErrorKind::ServiceError);
            }
        }
    }
}
