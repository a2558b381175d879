//! Building JSON bodies by pointer.

use serde_json::{Map, Value};

/// Sets `value` at the JSON `pointer` of `root`, making objects on the way.
pub fn set_pointer(root: &mut Value, pointer: &str, value: Value) {
    let mut at = root;
    let mut parts = pointer.split('/').skip(1).peekable();
    while let Some(part) = parts.next() {
        let key = part.replace("~1", "/").replace("~0", "~");
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        if parts.peek().is_none() {
            map.insert(key, value);
            return;
        }
        at = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_make_their_objects() {
        let mut root = json!({});
        set_pointer(&mut root, "/a/b", json!(1));
        set_pointer(&mut root, "/c", json!("x"));
        set_pointer(&mut root, "/a/d~1e", json!(true));
        assert_eq!(root, json!({"a": {"b": 1, "d/e": true}, "c": "x"}));
    }
}
