//! What a credential means, read from the node's own description: which
//! field is the base URL (and its default), which fields are secret and how
//! each goes on a request. From that alone the host checks a credential,
//! keeps its secrets, passes the node only the other fields, and knows what
//! to add to the requests it carries and what to scrub from the answers.

use http::{HeaderName, HeaderValue};
use serde_json::{Map, Value};

use crate::bindings::{
    CredentialType, Credentials, ErrorKind, NodeDescription, NodeError, SecretPlacement,
};
use crate::redact::Redactor;

/// Headers the host's HTTP stack sets itself: no secret may go in them.
const RESERVED_HEADERS: [&str; 5] = [
    "host",
    "connection",
    "keep-alive",
    "content-length",
    "transfer-encoding",
];

/// A secret field, and the header it is sent in.
#[derive(Debug, Clone)]
struct SecretSpec {
    field: String,
    label: String,
    header: HeaderName,
    prefix: String,
}

/// One credential type's meaning.
#[derive(Debug, Clone)]
pub struct CredentialModel {
    name: String,
    display_name: String,
    base_url_field: String,
    default_base_url: Option<String>,
    secrets: Vec<SecretSpec>,
}

/// A credential made ready for one call.
#[derive(Debug)]
pub struct Prepared {
    /// What the node receives: the credential without its secrets, the
    /// base URL field defaulted.
    pub guest: Credentials,
    /// The base URL the node's requests must go under, when there is one.
    pub base_url: Option<String>,
    /// The headers the host adds to requests to the base URL's origin.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Scrubs the secrets from the node's answers.
    pub redactor: Redactor,
}

/// Every credential type a node describes.
#[derive(Debug, Clone, Default)]
pub struct CredentialModels {
    models: Vec<CredentialModel>,
}

fn credentials_error(message: String) -> NodeError {
    NodeError {
        kind: ErrorKind::MissingCredentials,
        message,
        description: None,
        http_status: None,
        item_index: None,
        retry_after_seconds: None,
    }
}

impl CredentialModels {
    /// The credential types of `description`; a type the host cannot apply
    /// (a secret that is no property, or is the base URL, a header name that
    /// is not one or that the host sets itself, two secrets in one header, a
    /// prefix that is not printable ASCII) is an error, found at first use.
    pub fn of(description: &NodeDescription) -> Result<Self, String> {
        let models = description
            .credential_types
            .iter()
            .map(CredentialModel::of)
            .collect::<Result<_, _>>()?;
        Ok(CredentialModels { models })
    }

    /// Checks `credentials` against its type and splits off the secrets.
    pub fn prepare(&self, credentials: &Credentials) -> Result<Prepared, NodeError> {
        let model = self
            .models
            .iter()
            .find(|m| m.name == credentials.name)
            .ok_or_else(|| {
                let known: Vec<&str> = self.models.iter().map(|m| m.name.as_str()).collect();
                credentials_error(format!(
                    "This node has no credential type '{}'; it uses: {}.",
                    shorten(&credentials.name, 40),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ))
            })?;
        model.prepare(&credentials.data)
    }
}

impl CredentialModel {
    fn of(t: &CredentialType) -> Result<Self, String> {
        let label = |field: &str| {
            t.properties
                .iter()
                .find(|p| p.name == field && p.parent.is_none())
                .map(|p| p.display_name.clone())
        };
        let default_base_url = t
            .properties
            .iter()
            .find(|p| p.name == t.base_url_field && p.parent.is_none())
            .ok_or_else(|| {
                format!(
                    "credential type '{}' names base-url-field '{}', which is not one of its properties",
                    t.name, t.base_url_field
                )
            })?
            .default
            .as_str();
        let default_base_url = serde_json::from_str::<String>(default_base_url)
            .ok()
            .filter(|url| !url.trim().is_empty());
        let mut secrets: Vec<SecretSpec> = Vec::with_capacity(t.secrets.len());
        for s in &t.secrets {
            let where_ = format!("credential type '{}'", t.name);
            let SecretPlacement::Header(h) = &s.placement;
            let display = label(&s.field).ok_or_else(|| {
                format!(
                    "{where_}: secret field '{}' is not one of its properties",
                    s.field
                )
            })?;
            if s.field == t.base_url_field {
                return Err(format!("{where_}: the base-url-field cannot be secret"));
            }
            let header = HeaderName::try_from(h.name.as_str())
                .map_err(|_| format!("{where_}: '{}' is not a header name", h.name))?;
            if RESERVED_HEADERS.contains(&header.as_str()) {
                return Err(format!(
                    "{where_}: the host cannot set the '{}' header",
                    h.name
                ));
            }
            if secrets.iter().any(|other| other.header == header) {
                return Err(format!(
                    "{where_}: two secrets go in the '{}' header",
                    h.name
                ));
            }
            if !h.prefix.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
                return Err(format!(
                    "{where_}: the prefix of the '{}' header must be printable ASCII",
                    h.name
                ));
            }
            secrets.push(SecretSpec {
                label: display,
                field: s.field.clone(),
                header,
                prefix: h.prefix.clone(),
            });
        }
        Ok(CredentialModel {
            name: t.name.clone(),
            display_name: t.display_name.clone(),
            base_url_field: t.base_url_field.clone(),
            default_base_url,
            secrets,
        })
    }

    fn prepare(&self, data: &str) -> Result<Prepared, NodeError> {
        let Ok(Value::Object(mut fields)) = serde_json::from_str::<Value>(data) else {
            return Err(credentials_error(format!(
                "The {} credential's data must be a JSON object of its fields.",
                self.display_name
            )));
        };
        let mut headers = Vec::with_capacity(self.secrets.len());
        let mut values = Vec::with_capacity(self.secrets.len());
        for secret in &self.secrets {
            let value = self.secret_value(secret, fields.remove(&secret.field))?;
            let header = HeaderValue::from_str(&format!("{}{value}", secret.prefix));
            let mut header = header.map_err(|_| {
                credentials_error(format!(
                    "The {} in the {} credential cannot be sent in a header. Paste it again, exactly as given.",
                    secret.label, self.display_name
                ))
            })?;
            header.set_sensitive(true);
            headers.push((secret.header.clone(), header));
            values.push(value);
        }
        let base_url = self.base_url(&mut fields);
        Ok(Prepared {
            guest: Credentials {
                name: self.name.clone(),
                data: Value::Object(fields).to_string(),
            },
            base_url,
            headers,
            redactor: Redactor::new(values),
        })
    }

    /// The secret's value, checked: text, not empty, printable ASCII with
    /// no spaces inside (surrounding spaces, a common paste slip, dropped).
    fn secret_value(&self, secret: &SecretSpec, value: Option<Value>) -> Result<String, NodeError> {
        let (label, credential) = (&secret.label, &self.display_name);
        let fix = format!("Paste it into the {credential} credential again, exactly as given.");
        let text = match value {
            None | Some(Value::Null) => {
                return Err(credentials_error(format!(
                    "The {credential} credential has no {label}. Fill it in."
                )));
            }
            Some(Value::String(text)) => text,
            Some(_) => {
                return Err(credentials_error(format!(
                    "The {label} in the {credential} credential must be text. {fix}"
                )));
            }
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(credentials_error(format!(
                "The {label} in the {credential} credential is empty. Fill it in."
            )));
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(credentials_error(format!(
                "The {label} in the {credential} credential holds spaces, line breaks or control characters. {fix}"
            )));
        }
        if !trimmed.is_ascii() {
            return Err(credentials_error(format!(
                "The {label} in the {credential} credential holds non-ASCII characters. {fix}"
            )));
        }
        Ok(trimmed.to_string())
    }

    /// The base URL the call uses, written back into `fields` so the node
    /// and the host agree on it: the given text, or the default when the
    /// field is missing, null or blank. A value that is not text is left
    /// for the node to refuse.
    fn base_url(&self, fields: &mut Map<String, Value>) -> Option<String> {
        match fields.get(&self.base_url_field) {
            Some(Value::String(url)) if !url.trim().is_empty() => Some(url.clone()),
            Some(Value::String(_)) | Some(Value::Null) | None => {
                let default = self.default_base_url.clone()?;
                fields.insert(self.base_url_field.clone(), default.clone().into());
                Some(default)
            }
            Some(_) => None,
        }
    }
}

/// At most `max` characters of `s`, control characters escaped.
fn shorten(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).flat_map(char::escape_debug).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bindings::{Property, PropertyType, SecretField, SecretHeader};

    fn field_(name: &str, label: &str, default: &str) -> Property {
        Property {
            name: name.into(),
            display_name: label.into(),
            type_: PropertyType::String,
            default: serde_json::to_string(default).unwrap(),
            required: false,
            description: None,
            hint: None,
            placeholder: None,
            options: Vec::new(),
            display_options: None,
            type_options: None,
            no_data_expression: false,
            parent: None,
            group: None,
        }
    }

    fn models() -> CredentialModels {
        let t = CredentialType {
            name: "demoApi".into(),
            display_name: "Demo API".into(),
            documentation_url: None,
            properties: vec![
                field_("endpoint", "Endpoint", "https://api.example.com/v2"),
                field_("secret", "Secret", ""),
            ],
            base_url_field: "endpoint".into(),
            secrets: vec![SecretField {
                field: "secret".into(),
                placement: SecretPlacement::Header(SecretHeader {
                    name: "Authorization".into(),
                    prefix: "Bearer ".into(),
                }),
            }],
            test: None,
        };
        CredentialModels {
            models: vec![CredentialModel::of(&t).unwrap()],
        }
    }

    fn creds(data: Value) -> Credentials {
        Credentials {
            name: "demoApi".into(),
            data: data.to_string(),
        }
    }

    #[test]
    fn secrets_stay_with_the_host_and_the_base_url_is_defaulted() {
        let p = models()
            .prepare(&creds(
                serde_json::json!({"secret": "  s3cr3t-value\"\\ ", "other": 1}),
            ))
            .unwrap();
        let guest: Value = serde_json::from_str(&p.guest.data).unwrap();
        assert_eq!(
            guest,
            serde_json::json!({"endpoint": "https://api.example.com/v2", "other": 1})
        );
        assert_eq!(p.base_url.as_deref(), Some("https://api.example.com/v2"));
        assert_eq!(p.headers.len(), 1);
        assert_eq!(p.headers[0].0, "authorization");
        assert_eq!(p.headers[0].1, "Bearer s3cr3t-value\"\\");
        assert!(p.headers[0].1.is_sensitive());
        assert_eq!(p.redactor.text("x s3cr3t-value\"\\ y"), "x [redacted] y");
    }

    #[test]
    fn credential_types_a_host_cannot_apply_are_refused() {
        let t = |field: &str, header: &str, prefix: &str| CredentialType {
            name: "demoApi".into(),
            display_name: "Demo API".into(),
            documentation_url: None,
            properties: vec![
                field_("endpoint", "Endpoint", "https://api.example.com"),
                field_("secret", "Secret", ""),
            ],
            base_url_field: "endpoint".into(),
            secrets: vec![SecretField {
                field: field.into(),
                placement: SecretPlacement::Header(SecretHeader {
                    name: header.into(),
                    prefix: prefix.into(),
                }),
            }],
            test: None,
        };
        for (ty, why) in [
            (t("nope", "X-Key", ""), "not one of its properties"),
            (t("endpoint", "X-Key", ""), "cannot be secret"),
            (t("secret", "bad header", ""), "not a header name"),
            (t("secret", "Host", ""), "cannot set"),
            (t("secret", "X-Key", "é "), "printable ASCII"),
        ] {
            let err = CredentialModel::of(&ty).expect_err(why);
            assert!(err.contains(why), "{err}");
        }
        let mut two = t("secret", "X-Key", "");
        two.secrets.push(two.secrets[0].clone());
        assert!(
            CredentialModel::of(&two)
                .unwrap_err()
                .contains("two secrets")
        );
    }

    #[test]
    fn bad_secrets_are_refused_without_echoing_them() {
        for value in [
            Value::Null,
            serde_json::json!(""),
            serde_json::json!("   "),
            serde_json::json!("two words"),
            serde_json::json!("line\r\nX-Injected: 1"),
            serde_json::json!("kéy-0123456789"),
            serde_json::json!(42),
        ] {
            let err = models()
                .prepare(&creds(serde_json::json!({ "secret": value })))
                .expect_err(&value.to_string());
            assert_eq!(err.kind, ErrorKind::MissingCredentials);
            assert!(err.message.contains("Secret") && err.message.contains("Demo API"));
            if let Some(text) = value.as_str().filter(|t| !t.trim().is_empty()) {
                assert!(!err.message.contains(text.trim()), "{}", err.message);
            }
        }
        let err = models()
            .prepare(&Credentials {
                name: "otherApi".into(),
                data: "{}".into(),
            })
            .unwrap_err();
        assert!(err.message.contains("otherApi") && err.message.contains("demoApi"));
        let err = models().prepare(&Credentials {
            name: "demoApi".into(),
            data: "[]".into(),
        });
        assert_eq!(err.unwrap_err().kind, ErrorKind::MissingCredentials);
    }
}
