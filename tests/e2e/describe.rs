//! The description a host draws its form from.

use serde_json::{Value, json};
use workflow_node_host::bindings::{NodeDescription, Property, PropertyType};

use crate::support::host;

async fn description() -> NodeDescription {
    host().describe().await.expect("describe never fails")
}

/// The description with only the session resource's part of the form (the
/// other resources' parts are held to the catalog by the committed snapshot).
async fn session_description() -> NodeDescription {
    let mut d = description().await;
    // A fixed collection's fields (with a group) belong to their collection.
    let session = |p: &Property| {
        p.group.is_none()
            && p.display_options.as_ref().is_none_or(|o| {
                o.show
                    .iter()
                    .filter(|c| c.property == "resource")
                    .all(|c| c.values.iter().any(|v| v == "\"whatsappSession\""))
            })
    };
    d.properties.retain(session);
    d
}

fn find<'a>(d: &'a NodeDescription, name: &str) -> &'a Property {
    d.properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no property {name}"))
}

fn parsed(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

fn show_rules(p: &Property) -> Vec<(String, Vec<Value>)> {
    p.display_options
        .as_ref()
        .map(|d| {
            d.show
                .iter()
                .map(|c| {
                    (
                        c.property.clone(),
                        c.values.iter().map(|v| parsed(v)).collect(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn node_identity_and_credentials() {
    let d = session_description().await;
    assert_eq!(d.display_name, "SparkBot WhatsApp");
    assert_eq!(d.name, "sparkBotWhatsApp");
    assert_eq!(
        (d.inputs.clone(), d.outputs.clone()),
        (vec!["main".to_string()], vec!["main".to_string()])
    );
    assert_eq!(d.credentials.len(), 1);
    assert_eq!(d.credentials[0].name, "sparkBotApi");
    assert!(d.credentials[0].required);
    let cred = &d.credential_types[0];
    assert_eq!(cred.name, "sparkBotApi");
    let base = cred
        .properties
        .iter()
        .find(|p| p.name == "baseUrl")
        .unwrap();
    assert_eq!(parsed(&base.default), json!("https://api.wassenger.com/v1"));
    let key = cred.properties.iter().find(|p| p.name == "apiKey").unwrap();
    assert!(key.type_options.as_ref().unwrap().password);
    assert!(key.required);
    let test = cred.test.as_ref().unwrap();
    assert_eq!(
        (test.method.as_str(), test.path.as_str()),
        ("GET", "/devices")
    );
}

/// The nine operations, as the form lists them.
const OPERATIONS: [&str; 9] = [
    "scanQr",
    "scanQrAndWait",
    "getDevice",
    "syncSession",
    "startDevice",
    "resetDevice",
    "rebootDevice",
    "deviceHealth",
    "requestAuthCode",
];

#[tokio::test]
async fn properties_in_order_with_types_and_defaults() {
    let d = session_description().await;
    let got: Vec<(&str, Option<&str>, PropertyType, Value)> = d
        .properties
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.parent.as_deref(),
                p.type_,
                parsed(&p.default),
            )
        })
        .collect();
    let options = Some("options");
    assert_eq!(
        got,
        vec![
            (
                "resource",
                None,
                PropertyType::Options,
                json!("whatsappSession")
            ),
            ("operation", None, PropertyType::Options, json!("scanQr")),
            ("device", None, PropertyType::Options, json!("")),
            ("force", None, PropertyType::Boolean, json!(false)),
            ("encoding", None, PropertyType::Options, json!("svg")),
            ("wait", None, PropertyType::Boolean, json!(false)),
            ("force", None, PropertyType::Boolean, json!(false)),
            ("phone", None, PropertyType::String, json!("")),
            ("options", None, PropertyType::Collection, json!({})),
            ("timeout", options, PropertyType::Number, json!(30000)),
            ("options", None, PropertyType::Collection, json!({})),
            ("timeout", options, PropertyType::Number, json!(120000)),
            ("pollInterval", options, PropertyType::Number, json!(3000)),
            ("options", None, PropertyType::Collection, json!({})),
            ("deleteData", options, PropertyType::Boolean, json!(false)),
            ("wait", options, PropertyType::Boolean, json!(false)),
            ("emptyQueue", options, PropertyType::Boolean, json!(false)),
            ("options", None, PropertyType::Collection, json!({})),
            ("force", options, PropertyType::Boolean, json!(false)),
            ("wait", options, PropertyType::Boolean, json!(false)),
            ("sync", options, PropertyType::Boolean, json!(false)),
        ]
    );
    assert!(find(&d, "resource").no_data_expression && find(&d, "operation").no_data_expression);
}

#[tokio::test]
async fn selectors_and_their_options() {
    let d = session_description().await;
    let values = |p: &Property| {
        p.options
            .iter()
            .map(|o| (o.name.clone(), parsed(&o.value)))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        values(find(&d, "resource")),
        sparkbot_catalog::RESOURCES
            .iter()
            .map(|r| (r.name.to_string(), json!(r.value)))
            .collect::<Vec<_>>()
    );
    let operation = find(&d, "operation");
    let got: Vec<Value> = operation.options.iter().map(|o| parsed(&o.value)).collect();
    assert_eq!(got, OPERATIONS.map(|o| json!(o)));
    assert_eq!(operation.options[0].name, "Scan QR");
    assert_eq!(operation.options[1].name, "Scan QR and Wait");
    for o in &operation.options {
        assert!(
            o.action.as_deref().is_some_and(|a| !a.is_empty()),
            "{} has an action label",
            o.name
        );
        assert!(o.description.is_some(), "{}", o.name);
    }
    assert_eq!(
        values(find(&d, "encoding")),
        [
            ("SVG", "svg"),
            ("JSON", "json"),
            ("Base64", "base64"),
            ("Base64 URI", "base64_uri"),
            ("URI", "uri"),
            ("Image", "image")
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), json!(v)))
        .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn each_operations_fields_show_only_for_it() {
    let d = session_description().await;
    assert_eq!(
        show_rules(find(&d, "operation")),
        vec![("resource".into(), vec![json!("whatsappSession")])]
    );
    let for_ops = |ops: &[&str]| {
        vec![
            ("resource".to_string(), vec![json!("whatsappSession")]),
            (
                "operation".to_string(),
                ops.iter().map(|o| json!(o)).collect(),
            ),
        ]
    };
    // Every field after the selectors names the operations it serves; a
    // collection's children carry their collection's rules.
    type Rules = Vec<(String, Vec<Value>)>;
    let rules: Vec<(&str, Option<&str>, Rules)> = d.properties[2..]
        .iter()
        .map(|p| (p.name.as_str(), p.parent.as_deref(), show_rules(p)))
        .collect();
    let scans = ["scanQr", "scanQrAndWait"];
    let o = Some("options");
    assert_eq!(
        rules,
        vec![
            ("device", None, for_ops(&OPERATIONS)),
            ("force", None, for_ops(&scans)),
            ("encoding", None, for_ops(&scans)),
            ("wait", None, for_ops(&["startDevice"])),
            ("force", None, for_ops(&["requestAuthCode"])),
            ("phone", None, for_ops(&["requestAuthCode"])),
            ("options", None, for_ops(&["scanQr"])),
            ("timeout", o, for_ops(&["scanQr"])),
            ("options", None, for_ops(&["scanQrAndWait"])),
            ("timeout", o, for_ops(&["scanQrAndWait"])),
            ("pollInterval", o, for_ops(&["scanQrAndWait"])),
            ("options", None, for_ops(&["resetDevice"])),
            ("deleteData", o, for_ops(&["resetDevice"])),
            ("wait", o, for_ops(&["resetDevice"])),
            ("emptyQueue", o, for_ops(&["resetDevice"])),
            ("options", None, for_ops(&["rebootDevice"])),
            ("force", o, for_ops(&["rebootDevice"])),
            ("wait", o, for_ops(&["rebootDevice"])),
            ("sync", o, for_ops(&["rebootDevice"])),
        ]
    );
    assert!(find(&d, "resource").display_options.is_none());
}

#[tokio::test]
async fn device_is_required_and_loaded_from_get_devices() {
    let d = session_description().await;
    let device = find(&d, "device");
    assert_eq!(device.display_name, "WhatsApp Number");
    assert!(device.required);
    let t = device.type_options.as_ref().unwrap();
    assert_eq!(t.load_options_method.as_deref(), Some("getDevices"));
    let force = find(&d, "force");
    assert_eq!(force.display_name, "Force New QR");
    assert!(force.description.as_deref().unwrap().contains("destroy"));
    let timeout = find(&d, "timeout").type_options.as_ref().unwrap();
    assert_eq!(
        (timeout.min_value, timeout.max_value),
        (Some(1.0), Some(600_000.0))
    );
    let poll = find(&d, "pollInterval").type_options.as_ref().unwrap();
    assert_eq!(
        (poll.min_value, poll.number_precision),
        (Some(1000.0), Some(0))
    );
    let phone = find(&d, "phone");
    assert_eq!(phone.placeholder.as_deref(), Some("+16001234560"));
    assert!(phone.description.as_deref().unwrap().contains("E.164"));
}
