//! The `sparkBotApi` credential: its names, and reading and checking the Base
//! URL. The API key is the host's: the credential type ([`crate::describe`])
//! tells the host to send it as the [`TOKEN_HEADER`] header, and the
//! component never receives it.

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
    /// The API key field (secret: the host keeps it).
    pub const API_KEY: &str = "apiKey";
}

/// The header the host sends the API key in.
pub const TOKEN_HEADER: &str = "Token";

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

/// The checked credential.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Where the API is.
    pub base_url: BaseUrl,
}

impl Credentials {
    /// Reads the credential's JSON `data`: an object whose `baseUrl` is the
    /// Base URL (empty or missing: [`DEFAULT_BASE_URL`]). Other fields are
    /// ignored; the host never passes the API key.
    pub fn parse(data: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(data).map_err(|_| {
            NodeError::credentials(
                "The credential data is not valid JSON; the host must pass an object such as {\"baseUrl\": …}.",
            )
        })?;
        let Value::Object(fields) = value else {
            return Err(NodeError::credentials(
                "The credential data must be a JSON object with baseUrl.",
            ));
        };
        let base_url = match fields.get(field::BASE_URL) {
            None | Some(Value::Null) => BaseUrl::parse(DEFAULT_BASE_URL)?,
            Some(Value::String(url)) if url.trim().is_empty() => BaseUrl::parse(DEFAULT_BASE_URL)?,
            Some(Value::String(url)) => BaseUrl::parse(url)?,
            Some(_) => {
                return Err(NodeError::credentials(
                    "The Base URL in the credential must be text.",
                ));
            }
        };
        Ok(Credentials { base_url })
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
    fn credentials_default_the_base_url() {
        for data in [r#"{}"#, r#"{"baseUrl":""}"#, r#"{"baseUrl":null}"#] {
            let c = Credentials::parse(data).unwrap();
            assert_eq!(c.base_url.as_str(), DEFAULT_BASE_URL, "{data}");
        }
        for data in [r#"[]"#, "not json", r#"{"baseUrl":5}"#] {
            let err = Credentials::parse(data).expect_err(data);
            assert_eq!(err.kind, ErrorKind::MissingCredentials, "{data}");
        }
    }
}
