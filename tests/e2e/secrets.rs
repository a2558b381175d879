//! The API key never comes out: not from an API that echoes it, not in the
//! CLI's output, not in its help.

use std::process::Command;

use host_test::mock::Fault;

use crate::support::{
    KEY, PENDING, assert_no_key, assert_no_key_in_items, cli, item, mock, output_of, run, scan,
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
        text.contains("session-state") && text.contains("[redacted]"),
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
