//! The resources beyond the session through the real component in the real
//! host, against the embedded API's state: a sent message found again by its
//! ID and its reference; a file from the input's binary data uploaded byte
//! for byte and sent by its ID, a second upload reusing it, and a download
//! coming back as binary; Return All over several pages; webhooks created,
//! listed and deleted; a chat's labels changed; the pickers and dropdowns;
//! a raw API request confined to the API; and exactly one recipient.

use serde_json::{Value, json};
use workflow_node_host::bindings::{BinaryEntry, InputItem};

use crate::support::{ONLINE, credentials, host, item, json_of, mock, run};

fn send_text(reference: &str) -> Value {
    json!({"resource": "sendMessages", "operation": "sendText", "device": ONLINE,
           "phone": "+16001234560", "message": "Hello from the test",
           "options": {"reference": reference}})
}

fn with_file(parameters: Value, key: &str, data: &[u8]) -> InputItem {
    InputItem {
        binary: vec![BinaryEntry {
            key: key.into(),
            data: data.to_vec(),
            mime_type: "application/pdf".into(),
            file_name: Some("invoice.pdf".into()),
            file_extension: Some("pdf".into()),
        }],
        ..item(parameters)
    }
}

#[tokio::test]
async fn a_sent_message_is_found_by_its_id_and_by_its_reference() {
    let api = mock();
    let out = run(&api, vec![item(send_text("order-42"))], false)
        .await
        .expect("send");
    let sent = json_of(&out[0]);
    let id = sent["id"]
        .as_str()
        .expect("the API's message ID")
        .to_string();
    assert_eq!(sent["phone"], "+16001234560");
    let get = json!({"resource": "outboundMessages", "operation": "get", "messageId": id});
    let search = json!({"resource": "outboundMessages", "operation": "search",
                        "options": {"reference": "order-42"}});
    let out = run(&api, vec![item(get), item(search)], false)
        .await
        .expect("get and search");
    assert_eq!(out.len(), 2, "one message each");
    assert_eq!(json_of(&out[0])["id"], id.as_str());
    assert_eq!(json_of(&out[1])["reference"], "order-42");
    assert_eq!((out[0].paired_item, out[1].paired_item), (0, 1));
}

#[tokio::test]
async fn a_file_of_the_input_is_uploaded_byte_for_byte_then_sent_and_downloaded() {
    let api = mock();
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let send = json!({"resource": "sendMessages", "operation": "sendMedia", "device": ONLINE,
                      "phone": "+16001234560", "mediaSource": "binary",
                      "binaryPropertyName": "data", "options": {"message": "Your invoice"}});
    let out = run(&api, vec![with_file(send.clone(), "data", &bytes)], false)
        .await
        .expect("send media from binary");
    let sent = json_of(&out[0]);
    let file_id = sent["media"]["file"]
        .as_str()
        .expect("sent by the uploaded file's ID")
        .to_string();
    assert_eq!(
        api.file(&file_id).as_deref(),
        Some(&bytes[..]),
        "the exact bytes"
    );
    let uploads = api
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/files")
        .count();
    assert_eq!(uploads, 1);
    // The same file again: the API's 409 names the first upload, which is reused.
    let out = run(&api, vec![with_file(send, "data", &bytes)], false)
        .await
        .expect("second send");
    assert_eq!(json_of(&out[0])["media"]["file"], file_id.as_str());
    assert_eq!(json_of(&out[0])["uploadedFile"]["reused"], true);
    assert_eq!(api.stored("/files").len(), 1, "not stored twice");
    // And back as binary a next node can write.
    let download = json!({"resource": "files", "operation": "download", "fileId": file_id});
    let out = run(&api, vec![item(download)], false)
        .await
        .expect("download");
    let file = &out[0].binary[0];
    assert_eq!(file.key, "data");
    assert_eq!(file.data, bytes);
    assert_eq!(file.mime_type, "application/pdf");
    assert_eq!(file.file_name.as_deref(), Some("invoice.pdf"));
    assert_eq!(json_of(&out[0])["fileSize"], bytes.len());
}

#[tokio::test]
async fn a_missing_input_file_is_refused_before_any_request() {
    let api = mock();
    let upload = json!({"resource": "files", "operation": "upload", "source": "binary",
                        "binaryPropertyName": "attachment"});
    let out = run(&api, vec![with_file(upload, "data", b"x")], true)
        .await
        .expect("continue-on-fail");
    let error = out[0].error.as_ref().expect("refused");
    assert_eq!(error.kind.wit_name(), "invalid-parameter");
    assert!(
        error.message.contains("'attachment'") && error.message.contains("data"),
        "{}",
        error.message
    );
    assert!(api.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn return_all_reads_every_page_and_a_limit_stops_early() {
    let api = mock();
    let hooks: Vec<InputItem> = (0..7)
        .map(|i| {
            item(json!({"resource": "webhooks", "operation": "create",
                        "name": format!("hook {i}"), "url": format!("https://example.com/h/{i}"),
                        "events": ["message:in:new"]}))
        })
        .collect();
    run(&api, hooks, false).await.expect("create");
    assert_eq!(api.stored("/webhooks").len(), 7);
    // Pages of 3 would take 3 requests; the node pages by its own size, so
    // the mock is asked with Limit 5 then Return All and counted.
    api.clear_requests();
    let limited = json!({"resource": "webhooks", "operation": "list", "limit": 5});
    let out = run(&api, vec![item(limited)], false).await.expect("list");
    assert_eq!(out.len(), 5, "one item per webhook, up to the limit");
    assert!(out.iter().all(|o| o.paired_item == 0));
    let all = json!({"resource": "webhooks", "operation": "list", "returnAll": true});
    let out = run(&api, vec![item(all)], false).await.expect("list all");
    assert_eq!(out.len(), 7);
    let lists: Vec<String> = api
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/webhooks")
        .map(|r| r.query)
        .collect();
    assert_eq!(lists, ["page=0&size=5", "page=0&size=100"]);
    // Deleting one leaves six.
    let id = json_of(&out[0])["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let delete = json!({"resource": "webhooks", "operation": "delete", "webhookId": id});
    run(&api, vec![item(delete)], false).await.expect("delete");
    assert_eq!(api.stored("/webhooks").len(), 6);
}

#[tokio::test]
async fn return_all_follows_short_pages_of_the_api() {
    let api = mock();
    // 250 contacts: pages of 100, 100 and a short one of 50.
    let rows: Vec<Value> = (0..250)
        .map(|i| json!({"phone": format!("+1600555{i:04}"), "name": format!("C{i}")}))
        .collect();
    let bulk = json!({"resource": "chatContacts", "operation": "bulkCreate", "device": ONLINE,
                      "contacts": {"contactValues": rows}});
    let created = run(&api, vec![item(bulk)], true).await.expect("bulk");
    assert!(created[0].error.is_none(), "{:?}", created[0].error);
    api.clear_requests();
    let all = json!({"resource": "chatContacts", "operation": "list", "device": ONLINE,
                     "returnAll": true});
    let out = run(&api, vec![item(all)], false).await.expect("list all");
    let seeded = 2;
    assert_eq!(out.len(), 250 + seeded);
    let pages: Vec<String> = api.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(
        pages,
        ["page=0&size=100", "page=1&size=100", "page=2&size=100"]
    );
}

#[tokio::test]
async fn a_chat_gets_its_labels_and_exactly_one_recipient_is_asked_for() {
    let api = mock();
    let labels = json!({"resource": "chats", "operation": "updateLabels", "device": ONLINE,
                        "chatWid": "14155550111@c.us", "labels": ["vip", "paid"]});
    let out = run(&api, vec![item(labels)], false).await.expect("labels");
    assert_eq!(json_of(&out[0])["labels"], json!(["vip", "paid"]));
    let chat = api
        .stored(&format!("/chat/{ONLINE}/chats"))
        .into_iter()
        .find(|c| c["id"] == "14155550111@c.us")
        .expect("the chat");
    assert_eq!(chat["labels"], json!(["vip", "paid"]));
    api.clear_requests();
    let mut both = send_text("r");
    both["group"] = json!("120363012345678901@g.us");
    let mut neither = send_text("r");
    neither.as_object_mut().map(|o| o.remove("phone"));
    let out = run(&api, vec![item(both), item(neither)], true)
        .await
        .expect("continue-on-fail");
    let both = out[0].error.as_ref().expect("two recipients refused");
    assert!(both.message.contains("only one of"), "{}", both.message);
    let neither = out[1].error.as_ref().expect("no recipient refused");
    assert!(
        neither.message.contains("needs one of"),
        "{}",
        neither.message
    );
    assert!(api.requests().is_empty());
}

#[tokio::test]
async fn pickers_search_chats_and_dropdowns_list_files() {
    let api = mock();
    let form = json!({"resource": "chats", "operation": "get", "device": ONLINE}).to_string();
    let page = host()
        .list_search(
            "searchChats",
            &credentials(&api),
            &form,
            Some("alice"),
            None,
        )
        .await
        .expect("search");
    let names: Vec<&str> = page.results.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Alice Doe"]);
    assert_eq!(page.results[0].value, "\"14155550111@c.us\"");
    assert_eq!(page.pagination_token, None, "one short page");
    let groups = host()
        .list_search("searchGroups", &credentials(&api), &form, None, None)
        .await
        .expect("groups");
    assert_eq!(groups.results.len(), 1, "{:?}", groups.results);
    assert!(groups.results[0].value.contains("@g.us"));
    // Without the number, the picker says what to pick first.
    let err = host()
        .list_search("searchChats", &credentials(&api), "{}", None, None)
        .await
        .expect_err("needs the number");
    assert!(err.to_string().contains("WhatsApp Number"), "{err}");
    let upload = json!({"resource": "files", "operation": "upload", "source": "binary",
                        "binaryPropertyName": "data"});
    run(&api, vec![with_file(upload, "data", b"%PDF-1.4 x")], false)
        .await
        .expect("upload");
    let files = host()
        .load_options("getFiles", &credentials(&api), "{}")
        .await
        .expect("files");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "invoice.pdf");
}

#[tokio::test]
async fn an_api_request_goes_where_it_is_told_under_the_base_url_only() {
    let api = mock();
    let ok = json!({"resource": "other", "operation": "apiRequest", "method": "GET",
                    "path": "/devices", "options": {"query": {"size": 2, "page": 0}}});
    let escape = json!({"resource": "other", "operation": "apiRequest", "method": "GET",
                        "path": "/../admin"});
    let other_host = json!({"resource": "other", "operation": "apiRequest", "method": "GET",
                            "path": "//evil.example/x"});
    let out = run(&api, vec![item(ok), item(escape), item(other_host)], true)
        .await
        .expect("continue-on-fail");
    assert!(out[0].error.is_none(), "{:?}", out[0].error);
    assert_eq!(json_of(&out[0])["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(json_of(&out[0])["statusCode"], 200);
    for refused in &out[1..] {
        let e = refused.error.as_ref().expect("refused");
        assert_eq!(e.kind.wit_name(), "invalid-parameter", "{}", e.message);
    }
    let sent = api.requests();
    assert_eq!(sent.len(), 1, "only the one under the Base URL");
    assert_eq!(sent[0].path, "/v1/devices");
    let mut query: Vec<&str> = sent[0].query.split('&').collect();
    query.sort_unstable();
    assert_eq!(query, ["page=0", "size=2"]);
}

#[tokio::test]
async fn a_16_mib_file_goes_up_and_comes_back_within_the_default_memory_cap() {
    let api = mock();
    let bytes: Vec<u8> = (0..16 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let upload = json!({"resource": "files", "operation": "upload", "source": "binary",
                        "binaryPropertyName": "data"});
    let out = run(&api, vec![with_file(upload, "data", &bytes)], false)
        .await
        .expect("a 16 MiB upload fits the component's 64 MiB");
    let id = json_of(&out[0])["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(api.file(&id).map(|f| f.len()), Some(bytes.len()));
    let download = json!({"resource": "files", "operation": "download", "fileId": id});
    let out = run(&api, vec![item(download)], false)
        .await
        .expect("a 16 MiB download fits too");
    assert!(out[0].binary[0].data == bytes, "the same bytes back");
    // One byte more is refused before any request, naming the cap.
    let mut bigger = bytes;
    bigger.push(0);
    let upload = json!({"resource": "files", "operation": "upload", "source": "binary",
                        "binaryPropertyName": "data"});
    api.clear_requests();
    let out = run(&api, vec![with_file(upload, "data", &bigger)], true)
        .await
        .expect("continue-on-fail");
    let e = out[0].error.as_ref().expect("too large");
    assert!(e.message.contains("16 MiB"), "{}", e.message);
    assert!(api.requests().is_empty());
}

/// Not a test: the smallest guest memory cap (in steps of 4 MiB) at which a
/// 16 MiB upload and a 16 MiB download still go through. `cargo test --test
/// e2e memory_for_a_16_mib_file -- --ignored --nocapture`.
#[tokio::test]
#[ignore]
async fn memory_for_a_16_mib_file() {
    use workflow_node_host::HostConfig;
    let api = mock();
    let bytes = vec![7u8; 16 * 1024 * 1024];
    let upload = json!({"resource": "files", "operation": "upload", "source": "binary",
                        "binaryPropertyName": "data"});
    let out = run(&api, vec![with_file(upload.clone(), "data", &bytes)], false)
        .await
        .expect("upload");
    let id = json_of(&out[0])["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let download = json!({"resource": "files", "operation": "download", "fileId": id});
    for (what, params, file) in [("upload", upload, true), ("download", download, false)] {
        let mut smallest = None;
        for mib in (20..=64).rev().step_by(4) {
            let host = crate::support::host_with(HostConfig {
                memory_limit: mib * 1024 * 1024,
                ..HostConfig::default()
            });
            let item = if file {
                with_file(params.clone(), "data", &bytes)
            } else {
                item(params.clone())
            };
            let ok = crate::support::run_on(&host, &api, vec![item], true)
                .await
                .is_ok_and(|o| o[0].error.is_none());
            if !ok {
                break;
            }
            smallest = Some(mib);
        }
        println!("a 16 MiB {what}: works down to a {smallest:?} MiB guest memory cap");
    }
}
