//! Short, safe renderings of untrusted values for error messages.

use serde_json::Value;

/// A short, safe description of a JSON value for an error message.
pub fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text '{}'", truncate(s, 40)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// At most `max` characters of `s`, with an ellipsis when cut; control
/// characters are shown escaped so a message stays on one line.
pub fn truncate(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).flat_map(char::escape_debug).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_named_briefly_and_on_one_line() {
        assert_eq!(describe_value(&json!(null)), "null");
        assert_eq!(describe_value(&json!([1])), "a list");
        assert_eq!(describe_value(&json!(true)), "the boolean true");
        assert_eq!(describe_value(&json!("a\nb")), "the text 'a\\nb'");
        let long = "x".repeat(50);
        assert_eq!(truncate(&long, 40), format!("{}…", "x".repeat(40)));
    }
}
