//! The description a host draws its form from.

use host_test::bindings::{NodeDescription, Property, PropertyType};
use serde_json::{Value, json};

use crate::support::host;

async fn description() -> NodeDescription {
    host().describe().await.expect("describe never fails")
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
    let d = description().await;
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

#[tokio::test]
async fn properties_in_order_with_types_and_defaults() {
    let d = description().await;
    let got: Vec<(&str, PropertyType, Value)> = d
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.type_, parsed(&p.default)))
        .collect();
    assert_eq!(
        got,
        vec![
            ("resource", PropertyType::Options, json!("whatsappSession")),
            ("operation", PropertyType::Options, json!("scanQr")),
            ("device", PropertyType::Options, json!("")),
            ("force", PropertyType::Boolean, json!(false)),
            ("encoding", PropertyType::Options, json!("svg")),
            ("options", PropertyType::Collection, json!({})),
            ("timeout", PropertyType::Number, json!(30000)),
        ]
    );
    assert_eq!(find(&d, "timeout").parent.as_deref(), Some("options"));
    assert!(find(&d, "resource").no_data_expression && find(&d, "operation").no_data_expression);
}

#[tokio::test]
async fn selectors_and_their_options() {
    let d = description().await;
    let values = |p: &Property| {
        p.options
            .iter()
            .map(|o| (o.name.clone(), parsed(&o.value)))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        values(find(&d, "resource")),
        vec![("WhatsApp Session".into(), json!("whatsappSession"))]
    );
    assert_eq!(
        values(find(&d, "operation")),
        vec![("Scan QR".into(), json!("scanQr"))]
    );
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
async fn operation_fields_show_only_for_scan_qr() {
    let d = description().await;
    assert_eq!(
        show_rules(find(&d, "operation")),
        vec![("resource".into(), vec![json!("whatsappSession")])]
    );
    let for_scan = vec![
        ("resource".to_string(), vec![json!("whatsappSession")]),
        ("operation".to_string(), vec![json!("scanQr")]),
    ];
    for name in ["device", "force", "encoding", "options"] {
        assert_eq!(show_rules(find(&d, name)), for_scan, "{name}");
    }
    assert!(find(&d, "resource").display_options.is_none());
}

#[tokio::test]
async fn device_is_required_and_loaded_from_get_devices() {
    let d = description().await;
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
}
