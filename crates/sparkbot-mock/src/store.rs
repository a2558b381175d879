//! The state behind every catalog route that is not a session action, kept
//! the way a workflow would notice: what is created can be fetched, listed
//! (paged, filtered), changed and deleted; a field route (`…/labels`,
//! `…/status`, `…/metadata`) changes that field of its object; uploaded
//! files are served back byte for byte. Routes are read from the catalog's
//! path templates, so no route is written twice.

use std::collections::HashMap;
use std::time::SystemTime;

use serde_json::{Map, Value, json};
use workflow_node_sdk::catalog::route::Endpoint;
use workflow_node_sdk::catalog::{Operation, Paging, Shape};

/// A stored file: its bytes, type and name.
#[derive(Debug, Clone)]
pub(crate) struct StoredFile {
    pub(crate) data: Vec<u8>,
    pub(crate) mime: String,
    pub(crate) name: String,
}

/// Objects by collection path (`/webhooks`, `/chat/<device>/chats`), and files by id.
#[derive(Debug, Default)]
pub(crate) struct Store {
    collections: HashMap<String, Vec<Value>>,
    pub(crate) files: HashMap<String, StoredFile>,
    next_id: u64,
}

/// What the store answers: a status and a JSON body, or a file.
pub(crate) enum Answer {
    Json(u16, Value),
    File(StoredFile),
}

/// The device every seeded chat, contact and chat file belongs to.
pub(crate) const SEEDED_DEVICE: &str = "61b37a069cba0c15d6c81e7b";

impl Store {
    /// A store with a few chats, contacts, messages and a chat file on the online number.
    pub(crate) fn seeded() -> Self {
        let mut store = Store::default();
        let d = SEEDED_DEVICE;
        let chats = [
            ("14155550111@c.us", "Alice Doe", "chat"),
            ("14155550112@c.us", "Bob Roe", "chat"),
            ("120363012345678901@g.us", "Team Sales", "group"),
        ];
        for (wid, name, kind) in chats {
            store.push(
                &format!("/chat/{d}/chats"),
                json!({"id": wid, "wid": wid, "name": name, "type": kind, "status": "active",
                       "labels": [], "unreadCount": 0}),
            );
        }
        for (wid, name, _) in &chats[..2] {
            store.push(
                &format!("/chat/{d}/contacts"),
                json!({"id": wid, "wid": wid, "name": name,
                       "phone": format!("+{}", wid.trim_end_matches("@c.us")), "metadata": []}),
            );
        }
        store.push(
            &format!("/chat/{d}/messages"),
            json!({"id": "3EB0C767D097B7C7C030", "chat": "14155550111@c.us", "flow": "inbound",
                   "type": "text", "body": "Hello!", "ack": "read"}),
        );
        let bytes = b"%PDF-1.4 seeded chat file\n".to_vec();
        let id = "64a1f0c2b3d4e5f601234567";
        store.push(
            &format!("/chat/{d}/files"),
            json!({"id": id, "filename": "invoice.pdf", "mime": "application/pdf",
                   "size": bytes.len(), "chat": "14155550111@c.us"}),
        );
        store.files.insert(
            id.into(),
            StoredFile {
                data: bytes,
                mime: "application/pdf".into(),
                name: "invoice.pdf".into(),
            },
        );
        store
    }

    /// A new 24-hex id.
    pub(crate) fn new_id(&mut self) -> String {
        self.next_id += 1;
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        format!("{:08x}{:016x}", now & 0xffff_ffff, self.next_id)
    }

    fn push(&mut self, collection: &str, object: Value) {
        self.collections
            .entry(collection.to_string())
            .or_default()
            .push(object);
    }

    /// Every collection and every file (bytes in base64), for the admin API.
    pub(crate) fn dump(&self) -> Value {
        use base64::Engine as _;
        let files: Map<String, Value> = self
            .files
            .iter()
            .map(|(id, f)| {
                (
                    id.clone(),
                    json!({"name": f.name, "mime": f.mime, "size": f.data.len(),
                           "base64": base64::engine::general_purpose::STANDARD.encode(&f.data)}),
                )
            })
            .collect();
        json!({"collections": self.collections, "files": files})
    }

    /// Every object of `collection`, for tests and the admin API.
    pub(crate) fn all(&self, collection: &str) -> Vec<Value> {
        self.collections
            .get(collection)
            .cloned()
            .unwrap_or_default()
    }

    /// Stores an uploaded file and its object under `/files`; a second
    /// upload of the same bytes is a 409 naming the first one's id.
    pub(crate) fn upload(&mut self, file: StoredFile, fields: &Map<String, Value>) -> Answer {
        if let Some((id, _)) = self.files.iter().find(|(_, f)| f.data == file.data) {
            return Answer::Json(
                409,
                json!({"status": 409, "errorCode": "file_already_exists",
                       "message": "The file was already uploaded", "meta": {"file": id}}),
            );
        }
        let id = self.new_id();
        let mut object = json!({"id": id, "filename": file.name, "mime": file.mime,
                                "size": file.data.len(), "origin": "upload", "status": "ready"});
        for (k, v) in fields {
            object[k.as_str()] = v.clone();
        }
        self.push("/files", object.clone());
        self.files.insert(id, file);
        Answer::Json(201, json!([object]))
    }

    /// The answer to a validated request on `endpoint`.
    pub(crate) fn answer(
        &mut self,
        endpoint: &Endpoint,
        method: &str,
        segments: &[String],
        query: &[(String, String)],
        body: &[u8],
    ) -> Answer {
        let Some(op) = endpoint.ops.first() else {
            return not_found();
        };
        let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let template: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
        let ends_with_id = template.last().is_some_and(|t| t.starts_with('{'));
        let path = |n: usize| format!("/{}", segments[..n].join("/"));
        match (method, ends_with_id) {
            ("GET", false) if is_download(&template) => self.download(segments),
            ("GET", false) if is_collection(&template) => {
                Answer::Json(200, self.list(&path(segments.len()), op, query))
            }
            ("POST", false) if is_collection(&template) => {
                self.create(op, &path(segments.len()), body)
            }
            ("PATCH", false) if is_collection(&template) && body.is_array() => {
                self.create(op, &path(segments.len()), body)
            }
            (_, true) => {
                let n = segments.len();
                self.item(method, &path(n - 1), &segments[n - 1], body)
            }
            _ => self.field(op, method, &template, segments, body),
        }
    }

    fn list(&self, collection: &str, op: &Operation, query: &[(String, String)]) -> Value {
        let get = |k: &str| {
            query
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let size: usize = get("size").and_then(|s| s.parse().ok()).unwrap_or(100);
        let start = match op.paging {
            Paging::Skip { .. } => get("skip").and_then(|s| s.parse().ok()).unwrap_or(0),
            _ => {
                get("page")
                    .and_then(|s| s.parse::<usize>().ok())
                    .unwrap_or(0)
                    * size
            }
        };
        let matches = |o: &Value| {
            query.iter().all(|(k, v)| match k.as_str() {
                "page" | "size" | "skip" | "sort" | "include" | "exclude" => true,
                "search" => o.to_string().to_lowercase().contains(&v.to_lowercase()),
                key => match o.get(key) {
                    None => true,
                    Some(Value::String(s)) => v.split(',').any(|w| w == s),
                    Some(other) => {
                        *other == serde_json::from_str::<Value>(v).unwrap_or(Value::Null)
                    }
                },
            })
        };
        let found: Vec<Value> = self
            .collections
            .get(collection)
            .map(|all| all.iter().filter(|o| matches(o)).cloned().collect())
            .unwrap_or_default();
        Value::Array(found.into_iter().skip(start).take(size).collect())
    }

    fn create(&mut self, op: &Operation, collection: &str, body: Value) -> Answer {
        let mut object = match body {
            Value::Object(map) => Value::Object(map),
            Value::Array(items) => {
                // A bulk create: each element is stored.
                let stored: Vec<Value> = items
                    .into_iter()
                    .map(|item| {
                        let mut item = item;
                        let id = self.new_id();
                        if item.is_object() {
                            item["id"] = json!(id);
                        }
                        self.push(collection, item.clone());
                        item
                    })
                    .collect();
                return Answer::Json(201, Value::Array(stored));
            }
            _ => json!({}),
        };
        let id = object
            .get("phone")
            .and_then(Value::as_str)
            .filter(|_| collection.ends_with("/contacts"))
            .map(|p| format!("{}@c.us", p.trim_start_matches('+')))
            .unwrap_or_else(|| self.new_id());
        object["id"] = json!(id);
        object["createdAt"] = json!(now());
        if collection == "/messages" {
            object["status"] = json!(if object.get("deliverAt").is_some() {
                "queued"
            } else {
                "sent"
            });
            object["deliveryStatus"] = json!("delivered");
        }
        if collection == "/webhooks" {
            let duplicate = self.all("/webhooks").into_iter().find(|w| {
                w.get("url") == object.get("url") && w.get("device") == object.get("device")
            });
            if let Some(existing) = duplicate {
                return Answer::Json(
                    409,
                    json!({"status": 409, "errorCode": "webhook_exists",
                           "message": "A webhook with this URL already exists",
                           "meta": {"webhook": existing["id"]}}),
                );
            }
            object["status"] = json!("active");
        }
        self.push(collection, object.clone());
        let _ = op;
        if collection == "/files" {
            return Answer::Json(201, json!([object]));
        }
        Answer::Json(201, object)
    }

    fn item(&mut self, method: &str, collection: &str, id: &str, body: Value) -> Answer {
        let Some(all) = self.collections.get_mut(collection) else {
            return not_found();
        };
        let Some(index) = all.iter().position(|o| has_id(o, id)) else {
            return not_found();
        };
        match method {
            "GET" => Answer::Json(200, all[index].clone()),
            "PATCH" => {
                if let (Value::Object(target), Value::Object(changes)) = (&mut all[index], body) {
                    for (k, v) in changes {
                        target.insert(k, v);
                    }
                }
                Answer::Json(200, all[index].clone())
            }
            "PUT" => {
                if let Value::Object(mut map) = body {
                    map.insert("id".into(), json!(id));
                    all[index] = Value::Object(map);
                }
                Answer::Json(200, all[index].clone())
            }
            "DELETE" => {
                let removed = all.remove(index);
                self.files.remove(id);
                Answer::Json(200, json!({"success": true, "deleted": removed}))
            }
            _ => Answer::Json(405, json!({"status": 405, "message": "Method not allowed"})),
        }
    }

    /// A route under an object (`…/{id}/labels`): it changes that field of the object.
    fn field(
        &mut self,
        op: &Operation,
        method: &str,
        template: &[&str],
        segments: &[String],
        body: Value,
    ) -> Answer {
        let owner = template.iter().rposition(|t| t.starts_with('{'));
        let done = |body: Value| match (method, op.shape) {
            ("GET", Shape::Each) => Answer::Json(200, json!([])),
            _ => Answer::Json(200, json!({"success": true, "request": body})),
        };
        let (Some(at), Some(name)) = (owner, template.last()) else {
            return done(body);
        };
        if at + 1 >= segments.len() || at == 0 {
            return done(body);
        }
        let collection = format!("/{}", segments[..at].join("/"));
        let id = &segments[at];
        let Some(object) = self
            .collections
            .get_mut(&collection)
            .and_then(|all| all.iter_mut().find(|o| has_id(o, id)))
        else {
            // An action on an object the mock does not hold (a device's block list…).
            return done(body);
        };
        let key = name.to_string();
        if method == "GET" {
            return match (object.get(&key), op.shape) {
                (Some(v), _) => Answer::Json(200, v.clone()),
                (None, Shape::Each) => Answer::Json(200, json!([])),
                (None, _) => Answer::Json(200, json!({"id": id, key: []})),
            };
        }
        match (method, body) {
            ("DELETE", _) => {
                if let Some(map) = object.as_object_mut() {
                    map.remove(&key);
                }
            }
            (_, Value::Object(map)) if map.contains_key(&key) => {
                object[key.as_str()] = map[&key].clone();
            }
            (_, Value::Object(map)) if !map.is_empty() => {
                object[key.as_str()] = Value::Object(map);
            }
            (_, Value::Null) => object[key.as_str()] = json!(true),
            (_, value) => object[key.as_str()] = value,
        }
        Answer::Json(200, object.clone())
    }

    fn download(&self, segments: &[String]) -> Answer {
        let id = segments.len().checked_sub(2).and_then(|i| segments.get(i));
        match id.and_then(|id| self.files.get(id)) {
            Some(file) => Answer::File(file.clone()),
            None => not_found(),
        }
    }
}

fn has_id(object: &Value, id: &str) -> bool {
    ["id", "wid", "name"]
        .iter()
        .any(|k| object.get(k).and_then(Value::as_str) == Some(id))
}

fn is_download(template: &[&str]) -> bool {
    matches!(template.last(), Some(&("download" | "preview")))
}

/// A path whose last segment names a collection (plural), not an action.
fn is_collection(template: &[&str]) -> bool {
    matches!(
        template.last(),
        Some(
            &("messages"
                | "files"
                | "webhooks"
                | "chats"
                | "contacts"
                | "notes"
                | "participants"
                | "logs"
                | "devices")
        )
    )
}

fn not_found() -> Answer {
    Answer::Json(
        404,
        json!({"status": 404, "errorCode": "not_found", "message": "Resource not found"}),
    )
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}
