//! Keeping secrets out of everything a node returns. The host knows the
//! secret values (it applies them to requests), so it scrubs them from the
//! node's answers by walking *values*: JSON is parsed and every string and
//! key is scrubbed before it is written again, so no escaping (`\"`, `\\`,
//! `\u0041`) can hide a secret from the search.

use serde_json::Value;

use crate::bindings::{BinaryEntry, NodeError, OptionValue, OutputItem};

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not scrubbed: no real key is this short,
/// and scrubbing a three-letter "key" would mangle every message.
pub const MIN_REDACTED_LEN: usize = 8;

/// The secrets of one call, to be scrubbed from its results.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    /// A redactor for `secrets` (those too short to scrub are left out).
    /// Each is also scrubbed as JSON spells it inside a string (`\"`, `\\`),
    /// for a node that passes JSON text through as a string value.
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut secrets: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.len() >= MIN_REDACTED_LEN)
            .flat_map(|s| {
                let quoted = serde_json::to_string(&s).unwrap_or_default();
                let escaped = quoted
                    .strip_prefix('"')
                    .and_then(|q| q.strip_suffix('"'))
                    .filter(|e| *e != s)
                    .map(str::to_string);
                std::iter::once(s).chain(escaped)
            })
            .collect();
        // Longest first, so a secret that contains another is scrubbed whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor { secrets }
    }

    /// Whether there is nothing to scrub.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// `text` with every secret replaced by [`REDACTED`].
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }

    /// A JSON text with every secret scrubbed from its string values and
    /// keys; a text that is not JSON is scrubbed as text.
    pub fn json_text(&self, json: &str) -> String {
        if self.is_empty() {
            return json.to_string();
        }
        match serde_json::from_str::<Value>(json) {
            Ok(mut value) => {
                self.value(&mut value);
                value.to_string()
            }
            Err(_) => self.text(json),
        }
    }

    /// Scrubs every string and key of `value` in place.
    pub fn value(&self, value: &mut Value) {
        match value {
            Value::String(s) => *s = self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    self.value(&mut v);
                    map.insert(self.text(&key), v);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// `bytes` with every secret's bytes replaced by [`REDACTED`]'s.
    pub fn bytes(&self, bytes: &mut Vec<u8>) {
        for secret in &self.secrets {
            let needle = secret.as_bytes();
            if !bytes.windows(needle.len()).any(|w| w == needle) {
                continue;
            }
            let mut out = Vec::with_capacity(bytes.len());
            let mut rest = &bytes[..];
            while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
                out.extend_from_slice(&rest[..at]);
                out.extend_from_slice(REDACTED.as_bytes());
                rest = &rest[at + needle.len()..];
            }
            out.extend_from_slice(rest);
            *bytes = out;
        }
    }

    /// Scrubs a node error's texts.
    pub fn error(&self, error: &mut NodeError) {
        error.message = self.text(&error.message);
        error.description = error.description.as_deref().map(|d| self.text(d));
    }

    /// Scrubs an output item: its JSON, its files (name and bytes) and its error.
    pub fn output_item(&self, item: &mut OutputItem) {
        item.json = self.json_text(&item.json);
        item.binary.iter_mut().for_each(|b| self.binary(b));
        if let Some(e) = &mut item.error {
            self.error(e);
        }
    }

    fn binary(&self, entry: &mut BinaryEntry) {
        self.bytes(&mut entry.data);
        entry.key = self.text(&entry.key);
        entry.file_name = entry.file_name.as_deref().map(|n| self.text(n));
    }

    /// Scrubs a dropdown option.
    pub fn option(&self, option: &mut OptionValue) {
        option.name = self.text(&option.name);
        option.value = self.json_text(&option.value);
        option.description = option.description.as_deref().map(|d| self.text(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = r#"sk_"quote\back\slash<&>_0123456789"#;

    #[test]
    fn json_escapes_cannot_hide_a_secret() {
        let r = Redactor::new([KEY.to_string()]);
        let json = serde_json::json!({ "echo": format!("token={KEY}"), KEY: [KEY] }).to_string();
        assert!(!json.contains(KEY), "serde escapes the quote: {json}");
        let out = r.json_text(&json);
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["echo"], "token=[redacted]");
        assert_eq!(back[REDACTED][0], REDACTED);
        assert!(!out.contains("quote"), "{out}");
        // \u escapes of ASCII letters decode before the search.
        let escaped = r#"{"k":"sk_\"quote\\back\\slash\u003c&>_0123456789"}"#;
        assert!(!r.json_text(escaped).contains("quote"));
        // JSON text passed through as a string value keeps its escapes.
        let nested = serde_json::json!({ "body": serde_json::json!({ "t": KEY }).to_string() });
        let out = r.json_text(&nested.to_string());
        assert!(!out.contains("quote"), "{out}");
    }

    #[test]
    fn text_bytes_and_short_secrets() {
        let r = Redactor::new([KEY.to_string(), "short".to_string()]);
        assert_eq!(r.text(&format!("a{KEY}b{KEY}")), "a[redacted]b[redacted]");
        assert_eq!(r.text("short stays"), "short stays");
        let mut bytes = format!("<svg>{KEY}</svg>").into_bytes();
        r.bytes(&mut bytes);
        assert_eq!(bytes, b"<svg>[redacted]</svg>");
        assert_eq!(r.json_text("not json {KEY"), "not json {KEY");
        assert_eq!(
            r.json_text(&format!("not json {KEY}")),
            "not json [redacted]"
        );
    }

    #[test]
    fn a_secret_inside_another_goes_whole() {
        let r = Redactor::new(["abcdefgh".to_string(), "abcdefgh-longer".to_string()]);
        assert_eq!(
            r.text("x abcdefgh-longer y abcdefgh"),
            "x [redacted] y [redacted]"
        );
    }
}
