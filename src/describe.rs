//! The node's description: its form, its operations and its credential type.
//! Follows n8n's resource/operation pattern, so more operations slot in as
//! new options of `operation` with fields shown only for them.

use serde_json::{Value, json};

use crate::bindings::types::{
    CredentialTest, CredentialType, DisplayCondition, DisplayOptions, NodeCredential, NodeDefaults,
    NodeDescription, OptionValue, Property, PropertyType, SecretField, SecretHeader,
    SecretPlacement, TypeOptions,
};
use crate::credentials::{CREDENTIAL_NAME, DEFAULT_BASE_URL, TOKEN_HEADER, field};
use crate::devices;
use crate::params::{
    DEFAULT_TIMEOUT_MS, Encoding, MAX_TIMEOUT_MS, OPERATION_SCAN_QR, RESOURCE_SESSION, name,
};

/// The node's type name.
pub const NODE_NAME: &str = "sparkBotWhatsApp";

/// The whole description.
pub fn describe() -> NodeDescription {
    NodeDescription {
        name: NODE_NAME.into(),
        display_name: "SparkBot WhatsApp".into(),
        description:
            "Link WhatsApp numbers to SparkBot: get the QR code a phone scans to connect a number"
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
        properties: properties(),
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
                ..property(field::BASE_URL, "Base URL", PropertyType::String, json!(DEFAULT_BASE_URL))
            },
            Property {
                required: true,
                description: Some(format!("An API key from the SparkBot dashboard. The workflow host sends it in the {TOKEN_HEADER} header, and redacts it from all output.")),
                type_options: Some(TypeOptions {
                    password: true,
                    ..type_options()
                }),
                ..property(field::API_KEY, "API Key", PropertyType::String, json!(""))
            },
        ],
        base_url_field: field::BASE_URL.into(),
        secrets: vec![SecretField {
            field: field::API_KEY.into(),
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

fn properties() -> Vec<Property> {
    let for_scan_qr = || {
        Some(show(&[
            (name::RESOURCE, RESOURCE_SESSION),
            (name::OPERATION, OPERATION_SCAN_QR),
        ]))
    };
    vec![
        Property {
            no_data_expression: true,
            options: vec![choice("WhatsApp Session", RESOURCE_SESSION, None, None)],
            ..property(name::RESOURCE, "Resource", PropertyType::Options, json!(RESOURCE_SESSION))
        },
        Property {
            no_data_expression: true,
            display_options: Some(show(&[(name::RESOURCE, RESOURCE_SESSION)])),
            options: vec![choice(
                "Scan QR",
                OPERATION_SCAN_QR,
                Some("Get the QR code that links a WhatsApp number to SparkBot"),
                Some("Scan QR code of a WhatsApp number"),
            )],
            ..property(name::OPERATION, "Operation", PropertyType::Options, json!(OPERATION_SCAN_QR))
        },
        Property {
            required: true,
            description: Some("The WhatsApp number to link. Choose from the list, or give its device ID with an expression.".into()),
            display_options: for_scan_qr(),
            type_options: Some(TypeOptions {
                load_options_method: Some(devices::METHOD.into()),
                ..type_options()
            }),
            ..property(name::DEVICE, "WhatsApp Number", PropertyType::Options, json!(""))
        },
        Property {
            description: Some("Whether to destroy the number's current WhatsApp session and start a new one, so a fresh QR code is issued. A linked number is logged out.".into()),
            display_options: for_scan_qr(),
            ..property(name::FORCE, "Force New QR", PropertyType::Boolean, json!(false))
        },
        Property {
            description: Some("How the QR code comes back. SVG and Image also attach the QR as a file (binary property \"qr\"), as do Base64 and Base64 URI once decoded.".into()),
            display_options: for_scan_qr(),
            options: Encoding::ALL.iter().map(|e| choice(e.label(), e.as_str(), Some(encoding_help(*e)), None)).collect(),
            ..property(name::ENCODING, "QR Encoding", PropertyType::Options, json!(Encoding::Svg.as_str()))
        },
        Property {
            placeholder: Some("Add option".into()),
            display_options: for_scan_qr(),
            ..property(name::OPTIONS, "Options", PropertyType::Collection, json!({}))
        },
        Property {
            description: Some(format!("How long to wait for the SparkBot API, in milliseconds (1 to {MAX_TIMEOUT_MS}).")),
            parent: Some(name::OPTIONS.into()),
            type_options: Some(TypeOptions {
                min_value: Some(1.0),
                max_value: Some(MAX_TIMEOUT_MS as f64),
                number_precision: Some(0),
                ..type_options()
            }),
            ..property(name::TIMEOUT, "Timeout", PropertyType::Number, json!(DEFAULT_TIMEOUT_MS))
        },
    ]
}

fn encoding_help(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Svg => "The QR as an SVG document (text and file)",
        Encoding::Json => "The raw QR payload and its expiry, as JSON",
        Encoding::Base64 => "The QR as a PNG image in base64 (text and file)",
        Encoding::Base64Uri => "The QR as a data:image/png;base64 URI (text and file)",
        Encoding::Uri => "The raw QR payload text, to render elsewhere",
        Encoding::Image => "The QR as a PNG image file",
    }
}

/// A property with every optional part empty.
fn property(name: &str, display_name: &str, type_: PropertyType, default: Value) -> Property {
    Property {
        name: name.into(),
        display_name: display_name.into(),
        type_,
        default: default.to_string(),
        required: false,
        description: None,
        hint: None,
        placeholder: None,
        options: Vec::new(),
        display_options: None,
        type_options: None,
        no_data_expression: false,
        parent: None,
    }
}

fn type_options() -> TypeOptions {
    TypeOptions {
        password: false,
        rows: None,
        min_value: None,
        max_value: None,
        number_precision: None,
        load_options_method: None,
        load_options_depends_on: Vec::new(),
    }
}

fn choice(name: &str, value: &str, description: Option<&str>, action: Option<&str>) -> OptionValue {
    OptionValue {
        name: name.into(),
        value: json!(value).to_string(),
        description: description.map(Into::into),
        action: action.map(Into::into),
    }
}

/// Show only when each named property has the given value.
fn show(conditions: &[(&str, &str)]) -> DisplayOptions {
    DisplayOptions {
        show: conditions
            .iter()
            .map(|(property, value)| DisplayCondition {
                property: (*property).into(),
                values: vec![json!(value).to_string()],
            })
            .collect(),
        hide: Vec::new(),
    }
}
