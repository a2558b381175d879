//! The node's description: its form (from the catalog), its credential type
//! and the time each operation may take.

use serde_json::json;
use sparkbot_catalog::{
    API_KEY_FIELD, BASE_URL_FIELD, CATALOG, CREDENTIAL_NAME, DEFAULT_BASE_URL, NODE_NAME,
    TOKEN_HEADER, session::REQUEST_MS,
};
use workflow_node_sdk::catalog::describe::{properties, time_budgets};
use workflow_node_sdk::form::{property, type_options};
use workflow_node_sdk::types::{
    CredentialTest, CredentialType, NodeCredential, NodeDefaults, NodeDescription, Property,
    PropertyType, SecretField, SecretHeader, SecretPlacement, TypeOptions,
};

/// The whole description.
pub fn describe() -> NodeDescription {
    NodeDescription {
        name: NODE_NAME.into(),
        display_name: "SparkBot WhatsApp".into(),
        description:
            "Link WhatsApp numbers to SparkBot and manage their sessions: scan the QR code (and wait until linked), check, start, reset or reboot a number"
                .into(),
        version: 1,
        group: vec!["transform".into()],
        subtitle: Some("={{$parameter[\"operation\"] + \": \" + $parameter[\"resource\"]}}".into()),
        // The file ships beside the node in a host's package (assets/; a
        // `<stem>.dark.svg` beside it is the dark-theme variant).
        icon: Some("file:sparkbot-whatsapp.svg".into()),
        documentation_url: Some("https://app.wassenger.com/docs/".into()),
        defaults: NodeDefaults {
            name: "SparkBot WhatsApp".into(),
        },
        inputs: vec!["main".into()],
        outputs: vec!["main".into()],
        credentials: vec![NodeCredential {
            name: CREDENTIAL_NAME.into(),
            required: true,
        }],
        credential_types: vec![credential_type()],
        properties: properties(&CATALOG),
        usable_as_tool: true,
        item_budget_ms: REQUEST_MS,
        time_budgets: time_budgets(&CATALOG),
    }
}

/// The `sparkBotApi` credential type. Besides its form, it tells the host
/// what the values mean: requests go under `baseUrl`, and `apiKey` is a
/// secret the host sends as the `Token` header (the component never sees it).
fn credential_type() -> CredentialType {
    CredentialType {
        name: CREDENTIAL_NAME.into(),
        display_name: "SparkBot API".into(),
        documentation_url: Some("https://app.wassenger.com/developers/apikeys".into()),
        properties: vec![
            Property {
                required: true,
                description: Some("The address of the SparkBot API, ending in /v1. Must be https:// (http:// only for a loopback host such as 127.0.0.1).".into()),
                ..property(BASE_URL_FIELD, "Base URL", PropertyType::String, json!(DEFAULT_BASE_URL))
            },
            Property {
                required: true,
                description: Some(format!("An API key from the SparkBot dashboard. The workflow host sends it in the {TOKEN_HEADER} header, and redacts it from all output.")),
                type_options: Some(TypeOptions {
                    password: true,
                    ..type_options()
                }),
                ..property(API_KEY_FIELD, "API Key", PropertyType::String, json!(""))
            },
        ],
        base_url_field: BASE_URL_FIELD.into(),
        secrets: vec![SecretField {
            field: API_KEY_FIELD.into(),
            placement: SecretPlacement::Header(SecretHeader {
                name: TOKEN_HEADER.into(),
                prefix: String::new(),
            }),
        }],
        test: Some(CredentialTest {
            method: "GET".into(),
            path: "/devices".into(),
        }),
    }
}
