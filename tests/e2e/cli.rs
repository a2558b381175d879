//! The `host-test` command line: describe in both shapes.

use serde_json::Value;

use crate::support::{cli, output_of};

fn describe(format: &str) -> Value {
    let (ok, text) = output_of(cli().args(["describe", "--format", format]));
    assert!(ok, "{text}");
    serde_json::from_str(&text).expect("describe prints JSON")
}

#[test]
fn describe_prints_the_n8n_shape_and_the_wit_shape() {
    let n8n = describe("n8n");
    let names: Vec<&str> = n8n["properties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "resource",
            "operation",
            "device",
            "force",
            "encoding",
            "options"
        ]
    );
    let options = &n8n["properties"][5];
    assert_eq!(options["type"], "collection");
    assert_eq!(options["options"][0]["name"], "timeout");
    assert_eq!(
        n8n["properties"][2]["typeOptions"]["loadOptionsMethod"],
        "getDevices"
    );
    assert_eq!(
        n8n["properties"][3]["displayOptions"]["show"]["operation"][0],
        "scanQr"
    );

    let wit = describe("wit");
    let props = wit["properties"].as_array().unwrap();
    assert_eq!(props.len(), 7);
    assert_eq!(props[6]["name"], "timeout");
    assert_eq!(props[6]["parent"], "options");
    assert_eq!(
        props[2]["type-options"]["load-options-method"],
        "getDevices"
    );
    assert_eq!(
        wit["credential-types"][0]["properties"][1]["type-options"]["password"],
        true
    );
}
