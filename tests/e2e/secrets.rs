//! The API key never comes out: not from an API that echoes it (in a body,
//! a header or an error, whatever characters the key holds), not in the
//! CLI's output, not in its help. It never enters the node, and goes only to
//! the credential's origin.

use std::process::Command;

use sparkbot_mock::{Fault, MockApi};

use crate::support::{
    KEY, NEW, PENDING, assert_no_key, assert_no_key_in_items, cli, credentials, credentials_with,
    host, item, json_of, mock, node_error, output_of, run, scan,
};

#[tokio::test]
async fn a_key_the_api_echoes_is_redacted() {
    let api = mock();
    api.set_fault(
        PENDING,
        Fault::Status {
            status: 409,
            message: format!("Session busy for token {KEY}"),
        },
    );
    let out = run(&api, vec![item(scan(PENDING, "svg"))], true)
        .await
        .unwrap();
    let error = out[0].error.as_ref().expect("an error item");
    assert!(
        error.message.contains("Session busy for token [redacted]"),
        "{}",
        error.message
    );
    assert_no_key_in_items(&out);
    api.set_fault(
        PENDING,
        Fault::Status {
            status: 500,
            message: KEY.into(),
        },
    );
    let out = run(&api, vec![item(scan(PENDING, "svg"))], true)
        .await
        .unwrap();
    assert_no_key_in_items(&out);
}

#[tokio::test]
async fn the_cli_never_prints_the_key() {
    let api = mock();
    let out_dir = std::env::temp_dir().join(format!("sparkbot-secrets-{}", std::process::id()));
    let base = |c: &mut Command| {
        c.env("SPARKBOT_BASE_URL", api.base_url())
            .env("SPARKBOT_API_KEY", KEY)
            .arg("--out-dir")
            .arg(&out_dir);
    };
    let mut ok = cli();
    ok.args([
        "execute",
        "--param",
        &format!("device={PENDING}"),
        "--param",
        "encoding=base64",
    ]);
    base(&mut ok);
    let (success, text) = output_of(&mut ok);
    assert!(success, "{text}");
    assert!(text.contains("\"encoding\": \"base64\""), "{text}");
    assert_no_key(&text);

    api.set_fault(
        PENDING,
        Fault::Status {
            status: 422,
            message: format!("bad token {KEY}"),
        },
    );
    let mut failing = cli();
    failing.args(["execute", "--param", &format!("device={PENDING}")]);
    base(&mut failing);
    let (success, text) = output_of(&mut failing);
    assert!(!success);
    assert!(
        text.contains("conflict") && text.contains("[redacted]"),
        "{text}"
    );
    assert_no_key(&text);

    let (_, help) = output_of(
        cli()
            .env("SPARKBOT_API_KEY", KEY)
            .args(["execute", "--help"]),
    );
    assert!(help.contains("SPARKBOT_API_KEY"), "{help}");
    assert_no_key(&help);
    let _ = std::fs::remove_dir_all(&out_dir);
}

/// Keys a text search would miss once JSON or HTML escapes them, and a long one.
fn hostile_keys() -> Vec<String> {
    vec![
        r#"sk_"quoted"_0123456789abcdef"#.to_string(),
        r"sk\back\slash\0123456789abcdef".to_string(),
        "sk_<html>&'amp'_0123456789".to_string(),
        format!("sk_long_{}", "x9".repeat(100)),
    ]
}

/// Every way `key` could come out of `items`: raw, JSON-escaped, or as bytes.
fn assert_key_absent(key: &str, items: &[workflow_node_host::bindings::OutputItem]) {
    let escaped = serde_json::to_string(key).unwrap();
    let escaped = escaped.trim_matches('"');
    for item in items {
        let mut texts = vec![item.json.clone()];
        if let Some(e) = &item.error {
            texts.push(e.message.clone());
            texts.push(e.description.clone().unwrap_or_default());
        }
        for text in texts {
            assert!(
                !text.contains(key) && !text.contains(escaped),
                "the key leaked: {text}"
            );
        }
        for b in &item.binary {
            assert!(!b.data.windows(key.len()).any(|w| w == key.as_bytes()));
        }
    }
}

#[tokio::test]
async fn an_api_that_echoes_any_key_in_a_body_or_header_leaks_nothing() {
    for key in hostile_keys() {
        let api = MockApi::start(&key).unwrap();
        api.set_fault(PENDING, Fault::EchoToken);
        let credentials = credentials_with(&api, &key);
        for encoding in ["json", "svg", "base64", "uri"] {
            let out = host()
                .execute(&credentials, &[item(scan(PENDING, encoding))], false)
                .await
                .unwrap_or_else(|e| panic!("{encoding}: {e}"));
            let json = json_of(&out[0]);
            // The key did reach the API, and came back: the host scrubbed it.
            assert_eq!(
                api.requests().last().unwrap().token.as_deref(),
                Some(key.as_str())
            );
            match encoding {
                "svg" => assert!(
                    json["data"]
                        .as_str()
                        .unwrap()
                        .contains("<!-- token [redacted] -->")
                ),
                _ => assert_eq!(json["echo"], "[redacted]", "{encoding}: {json}"),
            }
            assert_key_absent(&key, &out);
        }
        api.set_fault(
            PENDING,
            Fault::Status {
                status: 422,
                message: format!("bad token {key}"),
            },
        );
        let out = host()
            .execute(&credentials, &[item(scan(PENDING, "svg"))], true)
            .await
            .unwrap();
        let error = out[0].error.as_ref().expect("an error item");
        assert!(
            error.message.contains("bad token [redacted]"),
            "{}",
            error.message
        );
        assert_key_absent(&key, &out);
        let failed = node_error(
            host()
                .execute(&credentials, &[item(scan(PENDING, "svg"))], false)
                .await,
        );
        assert!(failed.message.contains("[redacted]") && !failed.message.contains(&key));
    }
}

#[tokio::test]
async fn the_key_goes_only_to_the_credentials_origin_and_never_to_the_node() {
    let api = mock();
    let elsewhere = mock();
    api.set_fault(
        PENDING,
        Fault::Redirect {
            location: format!("{}/devices/{PENDING}/scan", elsewhere.base_url()),
        },
    );
    let out = run(
        &api,
        vec![item(scan(PENDING, "svg")), item(scan(NEW, "svg"))],
        true,
    )
    .await
    .unwrap();
    assert!(out[0].error.is_some() && out[1].error.is_none());
    assert!(
        elsewhere.requests().is_empty(),
        "the other server saw a request"
    );
    assert!(
        api.requests()
            .iter()
            .all(|r| r.token.as_deref() == Some(KEY))
    );
    // What the node receives: the credential without its secret field.
    let prepared = host()
        .credential_models()
        .await
        .unwrap()
        .prepare(&credentials(&api))
        .unwrap();
    let guest: serde_json::Value = serde_json::from_str(&prepared.guest.data).unwrap();
    assert_eq!(guest, serde_json::json!({ "baseUrl": api.base_url() }));
    assert!(!prepared.guest.data.contains(KEY));
}
