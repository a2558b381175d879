//! The `host-test` command line: describe prints the WIT records, credential
//! meaning included.

use serde_json::Value;

use crate::support::{cli, output_of};

fn describe() -> Value {
    let (ok, text) = output_of(cli().args(["describe"]));
    assert!(ok, "{text}");
    serde_json::from_str(&text).expect("describe prints JSON")
}

#[test]
fn describe_prints_the_wit_shape_with_what_the_credential_means() {
    let wit = describe();
    let props = wit["properties"].as_array().unwrap();
    let names: Vec<&str> = props.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        &names[..6],
        [
            "resource",
            "operation",
            "device",
            "force",
            "encoding",
            "wait"
        ]
    );
    let session = names
        .iter()
        .skip(2)
        .take_while(|n| **n != "operation")
        .count()
        + 2;
    assert_eq!(session, 21, "the session resource's part: {names:?}");
    assert_eq!(props[9]["name"], "timeout");
    assert_eq!(props[9]["parent"], "options");
    assert_eq!(props[8]["type"], "collection");
    assert_eq!(
        props[2]["type-options"]["load-options-method"],
        "getDevices"
    );
    assert_eq!(
        props[2]["display-options"]["show"][1]["values"]
            .as_array()
            .map(Vec::len),
        Some(9)
    );
    assert_eq!(
        props[3]["display-options"]["show"][1]["values"],
        serde_json::json!(["scanQr", "scanQrAndWait"])
    );
    let credential = &wit["credential-types"][0];
    assert_eq!(
        credential["properties"][1]["type-options"]["password"],
        true
    );
    assert_eq!(credential["base-url-field"], "baseUrl");
    assert_eq!(
        credential["secrets"],
        serde_json::json!([{"field": "apiKey", "placement": {"header": {"name": "Token", "prefix": ""}}}])
    );
}
