//! The non-secret part of a node's credential: its name and its Base URL,
//! read and checked. Secrets never reach a node: the host keeps them and
//! adds them to the requests it carries.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{Map, Value};

use crate::error::{NodeError, Result};
use crate::text::truncate;

/// What a node says of its credential, so that the SDK can read it.
#[derive(Debug, Clone, Copy)]
pub struct CredentialSpec {
    /// The credential type's name (`credential-type.name`).
    pub name: &'static str,
    /// The field holding the Base URL (`credential-type.base-url-field`).
    pub base_url_field: &'static str,
    /// The Base URL used when the field is empty; none: the field is required.
    pub default_base_url: Option<&'static str>,
    /// A Base URL that messages can suggest.
    pub example_base_url: &'static str,
    /// How messages name the API (`the SparkBot API`).
    pub api_name: &'static str,
}

/// A checked Base URL: `https`, or `http` on a loopback host; no user info, no
/// query, no fragment; no trailing slash, so paths join with one `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    text: String,
    scheme_https: bool,
    authority_end: usize,
}

impl BaseUrl {
    /// Checks `raw` and normalises it (surrounding spaces and trailing
    /// slashes dropped). `example` is a Base URL the message can suggest.
    pub fn parse(raw: &str, example: &str) -> Result<Self> {
        let trimmed = raw.trim().trim_end_matches('/');
        let bad = |why: &str| {
            NodeError::credentials(format!(
                "The Base URL {why}. Set the credential's Base URL to an address such as {example}."
            ))
        };
        if trimmed.is_empty() {
            return Err(bad("is empty"));
        }
        if trimmed.contains(['?', '#']) {
            return Err(bad("must not hold a query (?) or a fragment (#)"));
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("must not hold spaces or control characters"));
        }
        let uri: http::Uri = trimmed
            .parse()
            .map_err(|_| bad("is not a valid absolute URL"))?;
        let scheme = uri
            .scheme_str()
            .ok_or_else(|| bad("must be absolute, starting with https://"))?;
        let authority = uri
            .authority()
            .ok_or_else(|| bad("must name a host, as in https://host/v1"))?;
        if authority.as_str().contains('@') {
            return Err(bad("must not hold a user name or password (user@host)"));
        }
        if authority.host().is_empty() {
            return Err(bad("must name a host"));
        }
        let scheme_https = match scheme {
            "https" => true,
            "http" if is_loopback(authority.host()) => false,
            "http" => {
                return Err(bad(
                    "uses http:// on a host that is not loopback; only https:// is allowed, except for 127.0.0.1, localhost and [::1]",
                ));
            }
            _ => {
                return Err(bad(
                    "must start with https:// (or http:// on a loopback host)",
                ));
            }
        };
        let after_scheme = scheme.len() + 3;
        let authority_end = trimmed[after_scheme..]
            .find('/')
            .map_or(trimmed.len(), |i| after_scheme + i);
        Ok(BaseUrl {
            text: trimmed.to_string(),
            scheme_https,
            authority_end,
        })
    }

    /// The URL as text, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.scheme_https
    }

    /// `host[:port]`.
    pub fn authority(&self) -> &str {
        let start = if self.scheme_https { 8 } else { 7 };
        &self.text[start..self.authority_end]
    }

    /// The path prefix (`/v1`), or empty.
    pub fn path_prefix(&self) -> &str {
        &self.text[self.authority_end..]
    }

    /// Scheme, host and port, for messages.
    pub fn origin(&self) -> &str {
        &self.text[..self.authority_end]
    }
}

/// Whether `host` (as a URL spells it) is a loopback address or `localhost`.
fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
    }
    host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// A credential as the node reads it: checked name, Base URL, the other
/// non-secret fields.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Where the API is.
    pub base_url: BaseUrl,
    /// Every non-secret field the host passed.
    pub fields: Map<String, Value>,
}

impl Credentials {
    /// Reads the credential `name` / `data` a host passed, as `spec` says.
    pub fn read(spec: &CredentialSpec, name: &str, data: &str) -> Result<Self> {
        if name != spec.name {
            return Err(NodeError::credentials(format!(
                "This node needs a '{}' credential, not '{}'.",
                spec.name,
                truncate(name, 40)
            )));
        }
        Self::parse(spec, data)
    }

    /// Reads the credential's JSON `data`: an object whose Base URL field
    /// (empty or missing: the default) is checked. The host never passes a
    /// secret field.
    pub fn parse(spec: &CredentialSpec, data: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(data).map_err(|_| {
            NodeError::credentials(format!(
                "The credential data is not valid JSON; the host must pass an object such as {{\"{}\": …}}.",
                spec.base_url_field
            ))
        })?;
        let Value::Object(fields) = value else {
            return Err(NodeError::credentials(format!(
                "The credential data must be a JSON object with {}.",
                spec.base_url_field
            )));
        };
        let example = spec.example_base_url;
        let default = || match spec.default_base_url {
            Some(url) => BaseUrl::parse(url, example),
            None => Err(NodeError::credentials(format!(
                "The credential has no Base URL. Set it to an address such as {example}."
            ))),
        };
        let base_url = match fields.get(spec.base_url_field) {
            None | Some(Value::Null) => default()?,
            Some(Value::String(url)) if url.trim().is_empty() => default()?,
            Some(Value::String(url)) => BaseUrl::parse(url, example)?,
            Some(_) => {
                return Err(NodeError::credentials(
                    "The Base URL in the credential must be text.",
                ));
            }
        };
        Ok(Credentials { base_url, fields })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const SPEC: CredentialSpec = CredentialSpec {
        name: "exampleApi",
        base_url_field: "baseUrl",
        default_base_url: Some("https://api.example.com/v1"),
        example_base_url: "https://api.example.com/v1",
        api_name: "the Example API",
    };

    #[test]
    fn base_url_accepts_https_and_loopback_http() {
        for (raw, want, authority, prefix) in [
            (
                "https://api.example.com/v1",
                "https://api.example.com/v1",
                "api.example.com",
                "/v1",
            ),
            (
                "https://api.example.com/v1/",
                "https://api.example.com/v1",
                "api.example.com",
                "/v1",
            ),
            (
                "  https://example.com  ",
                "https://example.com",
                "example.com",
                "",
            ),
            (
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080",
                "127.0.0.1:8080",
                "",
            ),
            (
                "http://127.9.9.9:1/prefix/v1/",
                "http://127.9.9.9:1/prefix/v1",
                "127.9.9.9:1",
                "/prefix/v1",
            ),
            (
                "http://localhost:3000/v1",
                "http://localhost:3000/v1",
                "localhost:3000",
                "/v1",
            ),
            ("http://[::1]:3000", "http://[::1]:3000", "[::1]:3000", ""),
        ] {
            let url = BaseUrl::parse(raw, "x").unwrap();
            assert_eq!(url.as_str(), want, "{raw}");
            assert_eq!(url.authority(), authority, "{raw}");
            assert_eq!(url.path_prefix(), prefix, "{raw}");
            assert_eq!(url.is_https(), raw.trim().starts_with("https"), "{raw}");
        }
    }

    #[test]
    fn base_url_refuses_what_could_leak_or_mislead() {
        for raw in [
            "",
            "api.example.com/v1",
            "/v1",
            "ftp://example.com",
            "http://example.com/v1",
            "http://10.0.0.1/v1",
            "https://user:pass@example.com",
            "https://example.com/v1?x=1",
            "https://example.com/v1#frag",
            "https://exa mple.com",
            "https://example.com/\nv1",
        ] {
            let err = BaseUrl::parse(raw, "https://api.example.com/v1").expect_err(raw);
            assert_eq!(err.kind, ErrorKind::MissingCredentials, "{raw}");
            assert!(
                err.message.starts_with("The Base URL"),
                "{raw}: {}",
                err.message
            );
        }
    }

    #[test]
    fn credentials_default_the_base_url_and_check_the_name() {
        for data in [r#"{}"#, r#"{"baseUrl":""}"#, r#"{"baseUrl":null}"#] {
            let c = Credentials::read(&SPEC, "exampleApi", data).unwrap();
            assert_eq!(c.base_url.as_str(), "https://api.example.com/v1", "{data}");
        }
        for data in [r#"[]"#, "not json", r#"{"baseUrl":5}"#] {
            let err = Credentials::parse(&SPEC, data).expect_err(data);
            assert_eq!(err.kind, ErrorKind::MissingCredentials, "{data}");
        }
        let required = CredentialSpec {
            default_base_url: None,
            ..SPEC
        };
        let err = Credentials::parse(&required, "{}").unwrap_err();
        assert!(err.message.contains("no Base URL"), "{}", err.message);
        let err = Credentials::read(&SPEC, "otherApi", "{}").unwrap_err();
        assert!(err.message.contains("'exampleApi'") && err.message.contains("'otherApi'"));
    }
}
