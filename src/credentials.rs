//! The `sparkBotApi` credential: reading and checking the Base URL and the API
//! key, and keeping the key out of everything the node says.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::Value;

use crate::error::{NodeError, Result};

/// The credential type's name.
pub const CREDENTIAL_NAME: &str = "sparkBotApi";
/// The Base URL used when the credential leaves it empty.
pub const DEFAULT_BASE_URL: &str = "https://api.wassenger.com/v1";

/// What the credential's fields are called in its JSON data.
pub mod field {
    /// The Base URL field.
    pub const BASE_URL: &str = "baseUrl";
    /// The API key field.
    pub const API_KEY: &str = "apiKey";
}

/// A checked Base URL: `https`, or `http` on a loopback host; no user info, no
/// query, no fragment; no trailing slash, so paths join with one `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `raw` and normalises it (surrounding spaces and trailing slashes dropped).
    pub fn parse(raw: &str) -> Result<Self> {
        let trimmed = raw.trim().trim_end_matches('/');
        let fix =
            "Set the credential's Base URL to an address such as https://api.wassenger.com/v1.";
        let bad = |why: &str| NodeError::credentials(format!("The Base URL {why}. {fix}"));
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
        match scheme {
            "https" => {}
            "http" if is_loopback(authority.host()) => {}
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
        }
        Ok(BaseUrl(trimmed.to_string()))
    }

    /// The URL as text, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
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

/// The API key. Its `Debug` never shows it; [`ApiKey::redact`] scrubs it from
/// any text that came from outside before that text leaves the node.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

/// Keys shorter than this are not scrubbed from text: no real key is this
/// short, and scrubbing a one-letter "key" would mangle every message.
const MIN_REDACTED_LEN: usize = 8;

impl ApiKey {
    /// Checks `raw`: surrounding spaces are dropped (a common paste slip);
    /// anything that could split a header (inner spaces, control characters)
    /// is refused.
    pub fn parse(raw: &str) -> Result<Self> {
        let key = raw.trim();
        if key.is_empty() {
            return Err(NodeError::credentials(
                "The API key is empty. Paste the key from the SparkBot dashboard (API keys) into the credential.",
            ));
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(NodeError::credentials(
                "The API key holds spaces, line breaks or control characters. Paste the key again, exactly as the SparkBot dashboard shows it.",
            ));
        }
        if !key.is_ascii() {
            return Err(NodeError::credentials(
                "The API key holds non-ASCII characters. Paste the key again, exactly as the SparkBot dashboard shows it.",
            ));
        }
        Ok(ApiKey(key.to_string()))
    }

    /// The key itself, for the `Token` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `error` with the key scrubbed from its message and description.
    pub fn scrub(&self, mut error: NodeError) -> NodeError {
        error.message = self.redact(&error.message);
        error.description = error.description.map(|d| self.redact(&d));
        error
    }

    /// `text` with every occurrence of the key replaced by `[redacted]`.
    pub fn redact(&self, text: &str) -> String {
        if self.0.len() < MIN_REDACTED_LEN || !text.contains(&self.0) {
            return text.to_string();
        }
        text.replace(&self.0, "[redacted]")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

/// The checked credential.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Where the API is.
    pub base_url: BaseUrl,
    /// The key sent in the `Token` header.
    pub api_key: ApiKey,
}

impl Credentials {
    /// Reads the credential's JSON `data` (an object of `baseUrl` and `apiKey`).
    pub fn parse(data: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(data).map_err(|_| {
            NodeError::credentials(
                "The credential data is not valid JSON; the host must pass an object such as {\"baseUrl\": …, \"apiKey\": …}.",
            )
        })?;
        let Value::Object(fields) = value else {
            return Err(NodeError::credentials(
                "The credential data must be a JSON object with baseUrl and apiKey.",
            ));
        };
        let text_field = |name: &str, label: &str| -> Result<Option<&str>> {
            match fields.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str())),
                Some(_) => Err(NodeError::credentials(format!(
                    "The {label} in the credential must be text."
                ))),
            }
        };
        let api_key = match text_field(field::API_KEY, "API key")? {
            Some(key) => ApiKey::parse(key)?,
            None => {
                return Err(NodeError::credentials(
                    "The credential has no API key. Add the key from the SparkBot dashboard (API keys) to the SparkBot API credential.",
                ));
            }
        };
        let base_url = match text_field(field::BASE_URL, "Base URL")? {
            Some(url) if !url.trim().is_empty() => BaseUrl::parse(url)?,
            _ => BaseUrl::parse(DEFAULT_BASE_URL)?,
        };
        Ok(Credentials { base_url, api_key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn base_url_accepts_https_and_loopback_http() {
        for (raw, want) in [
            (
                "https://api.wassenger.com/v1",
                "https://api.wassenger.com/v1",
            ),
            (
                "https://api.wassenger.com/v1/",
                "https://api.wassenger.com/v1",
            ),
            ("  https://example.com  ", "https://example.com"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            (
                "http://127.9.9.9:1/prefix/v1/",
                "http://127.9.9.9:1/prefix/v1",
            ),
            ("http://localhost:3000/v1", "http://localhost:3000/v1"),
            ("http://[::1]:3000", "http://[::1]:3000"),
        ] {
            assert_eq!(
                BaseUrl::parse(raw).map(|u| u.0),
                Ok(want.to_string()),
                "{raw}"
            );
        }
    }

    #[test]
    fn base_url_refuses_what_could_leak_or_mislead() {
        for raw in [
            "",
            "api.wassenger.com/v1",
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
            let err = BaseUrl::parse(raw).expect_err(raw);
            assert_eq!(err.kind, ErrorKind::MissingCredentials, "{raw}");
            assert!(
                err.message.starts_with("The Base URL"),
                "{raw}: {}",
                err.message
            );
        }
    }

    #[test]
    fn api_key_trims_and_refuses_header_injection() {
        assert_eq!(
            ApiKey::parse("  abc123  ").map(|k| k.0),
            Ok("abc123".into())
        );
        for raw in ["", "   ", "abc\r\nX-Evil: 1", "abc def", "abc\tdef", "kéy"] {
            let err = ApiKey::parse(raw).expect_err(raw);
            assert_eq!(err.kind, ErrorKind::MissingCredentials);
            assert!(!err.message.contains(raw.trim()) || raw.trim().is_empty());
        }
    }

    #[test]
    fn api_key_is_redacted_and_hidden_from_debug() {
        let key = ApiKey::parse("sk_live_0123456789abcdef").unwrap();
        assert_eq!(
            key.redact("bad token sk_live_0123456789abcdef!"),
            "bad token [redacted]!"
        );
        assert!(!format!("{key:?}").contains("0123456789"));
        let short = ApiKey::parse("abc").unwrap();
        assert_eq!(short.redact("abcdef"), "abcdef");
    }

    #[test]
    fn credentials_default_the_base_url_and_require_a_key() {
        let c = Credentials::parse(r#"{"apiKey":"k1234567890"}"#).unwrap();
        assert_eq!(c.base_url.as_str(), DEFAULT_BASE_URL);
        let c = Credentials::parse(r#"{"apiKey":"k1234567890","baseUrl":""}"#).unwrap();
        assert_eq!(c.base_url.as_str(), DEFAULT_BASE_URL);
        for data in [
            r#"{}"#,
            r#"{"apiKey":null}"#,
            r#"[]"#,
            "not json",
            r#"{"apiKey":5}"#,
        ] {
            let err = Credentials::parse(data).expect_err(data);
            assert_eq!(err.kind, ErrorKind::MissingCredentials, "{data}");
        }
    }
}
