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
use crate::operations::Operation;
use crate::params::{DEFAULT_TIMEOUT_MS, Encoding, MAX_TIMEOUT_MS, RESOURCE_SESSION, name};
use crate::wait::{DEFAULT_POLL_MS, DEFAULT_WAIT_MS, MAX_POLL_MS, MAX_WAIT_MS, MIN_POLL_MS};

/// The node's type name.
pub const NODE_NAME: &str = "sparkBotWhatsApp";

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
    use Operation as Op;
    let mut list = vec![
        Property {
            no_data_expression: true,
            options: vec![choice("WhatsApp Session", RESOURCE_SESSION, None, None)],
            ..property(name::RESOURCE, "Resource", PropertyType::Options, json!(RESOURCE_SESSION))
        },
        Property {
            no_data_expression: true,
            display_options: Some(show(&[(name::RESOURCE, &[RESOURCE_SESSION])])),
            options: Operation::ALL
                .iter()
                .map(|op| {
                    let label = op.label();
                    choice(label.name, op.as_str(), Some(label.description), Some(label.action))
                })
                .collect(),
            ..property(name::OPERATION, "Operation", PropertyType::Options, json!(Op::ScanQr.as_str()))
        },
        Property {
            required: true,
            description: Some("The WhatsApp number. Choose from the list, or give its device ID with an expression.".into()),
            display_options: for_ops(&Operation::ALL),
            type_options: Some(TypeOptions {
                load_options_method: Some(devices::METHOD.into()),
                ..type_options()
            }),
            ..property(name::DEVICE, "WhatsApp Number", PropertyType::Options, json!(""))
        },
        Property {
            description: Some("Whether to destroy the number's current WhatsApp session and start a new one, so a fresh QR code is issued. A linked number is logged out.".into()),
            display_options: for_ops(&[Op::ScanQr, Op::ScanQrAndWait]),
            ..property(name::FORCE, "Force New QR", PropertyType::Boolean, json!(false))
        },
        Property {
            description: Some("How the QR code comes back. SVG and Image also attach the QR as a file (binary property \"qr\"), as do Base64 and Base64 URI once decoded.".into()),
            display_options: for_ops(&[Op::ScanQr, Op::ScanQrAndWait]),
            options: Encoding::ALL.iter().map(|e| choice(e.label(), e.as_str(), Some(encoding_help(*e)), None)).collect(),
            ..property(name::ENCODING, "QR Encoding", PropertyType::Options, json!(Encoding::Svg.as_str()))
        },
        Property {
            description: Some("Whether to answer only once the session is available (the API waits up to about 90 s).".into()),
            display_options: for_ops(&[Op::StartDevice]),
            ..property(name::WAIT, "Wait", PropertyType::Boolean, json!(false))
        },
        Property {
            description: Some("Whether to destroy the number's current WhatsApp session first. A linked number is logged out.".into()),
            display_options: for_ops(&[Op::RequestAuthCode]),
            ..property(name::FORCE, "Force New Session", PropertyType::Boolean, json!(false))
        },
        Property {
            description: Some("The number in international (E.164) form: +, country code and number, 8 to 15 digits. Needed when the number was never linked.".into()),
            placeholder: Some("+16001234560".into()),
            display_options: for_ops(&[Op::RequestAuthCode]),
            ..property(name::PHONE, "Phone Number", PropertyType::String, json!(""))
        },
    ];
    list.extend(options(
        Op::ScanQr,
        vec![Property {
            description: Some(format!(
                "How long to wait for the SparkBot API, in milliseconds (1 to {MAX_TIMEOUT_MS})."
            )),
            type_options: Some(whole_ms(1, MAX_TIMEOUT_MS)),
            ..property(
                name::TIMEOUT,
                "Timeout",
                PropertyType::Number,
                json!(DEFAULT_TIMEOUT_MS),
            )
        }],
    ));
    list.extend(options(Op::ScanQrAndWait, vec![
        Property {
            description: Some(format!("How long to wait for the number to be linked, in milliseconds (1 to {MAX_WAIT_MS}); never past the host's deadline.")),
            type_options: Some(whole_ms(1, MAX_WAIT_MS)),
            ..property(name::TIMEOUT, "Timeout", PropertyType::Number, json!(DEFAULT_WAIT_MS))
        },
        Property {
            description: Some(format!("How often to ask whether the number is linked, in milliseconds (at least {MIN_POLL_MS}).")),
            type_options: Some(whole_ms(MIN_POLL_MS, MAX_POLL_MS)),
            ..property(name::POLL_INTERVAL, "Poll Interval", PropertyType::Number, json!(DEFAULT_POLL_MS))
        },
    ]));
    list.extend(options(Op::ResetDevice, vec![
        Property {
            description: Some("Whether to delete the number's stored chats, messages and contacts. Cannot be undone.".into()),
            ..property(name::DELETE_DATA, "Delete Data", PropertyType::Boolean, json!(false))
        },
        Property {
            description: Some("Whether to answer only once the new session is available (the API waits up to about 2 minutes).".into()),
            ..property(name::WAIT, "Wait", PropertyType::Boolean, json!(false))
        },
        Property {
            description: Some("Whether to delete the messages waiting in the number's queue. Cannot be undone.".into()),
            ..property(name::EMPTY_QUEUE, "Empty Queue", PropertyType::Boolean, json!(false))
        },
    ]));
    list.extend(options(Op::RebootDevice, vec![
        Property {
            description: Some("Whether to reboot the session even when it is stopped.".into()),
            ..property(name::FORCE, "Force", PropertyType::Boolean, json!(false))
        },
        Property {
            description: Some("Whether to answer only once the session is available again (the API waits up to about 90 s).".into()),
            ..property(name::WAIT, "Wait", PropertyType::Boolean, json!(false))
        },
        Property {
            description: Some("Whether to sync the session after the reboot.".into()),
            ..property(name::SYNC, "Sync", PropertyType::Boolean, json!(false))
        },
    ]));
    list
}

/// The `options` collection of `operation`, with its `children`. Each child
/// carries the collection's display options too, so a host that nests the
/// flat list can tell the several `options` collections apart.
fn options(operation: Operation, children: Vec<Property>) -> Vec<Property> {
    let shown = for_ops(&[operation]);
    let mut out = vec![Property {
        placeholder: Some("Add option".into()),
        display_options: shown.clone(),
        ..property(
            name::OPTIONS,
            "Options",
            PropertyType::Collection,
            json!({}),
        )
    }];
    out.extend(children.into_iter().map(|child| Property {
        parent: Some(name::OPTIONS.into()),
        display_options: shown.clone(),
        ..child
    }));
    out
}

fn whole_ms(min: u64, max: u64) -> TypeOptions {
    TypeOptions {
        min_value: Some(min as f64),
        max_value: Some(max as f64),
        number_precision: Some(0),
        ..type_options()
    }
}

/// Shown for the WhatsApp session resource and any of `operations`.
fn for_ops(operations: &[Operation]) -> Option<DisplayOptions> {
    let values: Vec<&str> = operations.iter().map(|o| o.as_str()).collect();
    Some(show(&[
        (name::RESOURCE, &[RESOURCE_SESSION]),
        (name::OPERATION, &values),
    ]))
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

/// Show only when each named property has one of the given values.
fn show(conditions: &[(&str, &[&str])]) -> DisplayOptions {
    DisplayOptions {
        show: conditions
            .iter()
            .map(|(property, values)| DisplayCondition {
                property: (*property).into(),
                values: values.iter().map(|v| json!(v).to_string()).collect(),
            })
            .collect(),
        hide: Vec::new(),
    }
}
