//! What every end-to-end test needs: the host (compiled once per test
//! binary), a mock API of its own, credentials, items and QR decoding.

use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};
use sparkbot_mock::MockApi;
use workflow_node_host::bindings::{Credentials, InputItem, NodeError, OutputItem};
use workflow_node_host::{HostConfig, HostError, NodeHost};

/// A distinctive key, so a leak is easy to find.
pub const KEY: &str = "sk_e2e_DISTINCTIVE_KEY_4f1c9a7e2b55d0";

/// Device ids of the mock account, by session state.
pub const ONLINE: &str = "61b37a069cba0c15d6c81e7b";
pub const PENDING: &str = "61b37a069cba0c15d6c81e7c";
pub const NEW: &str = "61b37a069cba0c15d6c81e7d";
pub const TIMEOUT: &str = "61b37a069cba0c15d6c81e7e";

/// The host, with the component compiled once for the whole test binary.
pub fn host() -> &'static NodeHost {
    static HOST: OnceLock<NodeHost> = OnceLock::new();
    HOST.get_or_init(|| {
        let path = host_test::default_component_path();
        NodeHost::from_file(&path, HostConfig::default()).unwrap_or_else(|e| {
            panic!(
                "{e}\nBuild the component first: cargo build --release --target wasm32-wasip2 -p sparkbot-whatsapp (looked at {})",
                path.display()
            )
        })
    })
}

/// The same host under other limits.
pub fn host_with(config: HostConfig) -> NodeHost {
    host().with_config(config).expect("same allocator")
}

/// A fresh mock API accepting [`KEY`].
pub fn mock() -> MockApi {
    MockApi::start(KEY).expect("mock API starts on loopback")
}

/// Credentials for `mock` with `key`.
pub fn credentials_with(mock: &MockApi, key: &str) -> Credentials {
    credentials_at(&mock.base_url(), key)
}

/// A `sparkBotApi` credential for any Base URL and key.
pub fn credentials_at(base_url: &str, key: &str) -> Credentials {
    Credentials {
        name: "sparkBotApi".into(),
        data: json!({ "baseUrl": base_url, "apiKey": key }).to_string(),
    }
}

/// Credentials for `mock` with the right key.
pub fn credentials(mock: &MockApi) -> Credentials {
    credentials_with(mock, KEY)
}

/// An item with `parameters` and an empty JSON object.
pub fn item(parameters: Value) -> InputItem {
    InputItem {
        json: "{}".into(),
        binary: Vec::new(),
        parameters: parameters.to_string(),
    }
}

/// Scan QR parameters for `device` and `encoding`.
pub fn scan(device: &str, encoding: &str) -> Value {
    json!({ "resource": "whatsappSession", "operation": "scanQr", "device": device, "encoding": encoding })
}

/// Runs `items` on `host`.
pub async fn run_on(
    host: &NodeHost,
    mock: &MockApi,
    items: Vec<InputItem>,
    continue_on_fail: bool,
) -> Result<Vec<OutputItem>, HostError> {
    host.execute(&credentials(mock), &items, continue_on_fail)
        .await
}

/// Runs `items` on the shared host.
pub async fn run(
    mock: &MockApi,
    items: Vec<InputItem>,
    continue_on_fail: bool,
) -> Result<Vec<OutputItem>, HostError> {
    run_on(host(), mock, items, continue_on_fail).await
}

/// The node error of a failed call (any call: its success is not printed,
/// so a large output cannot flood the failure message).
pub fn node_error<T>(result: Result<T, HostError>) -> NodeError {
    match result {
        Err(HostError::Node(e)) => e,
        Ok(_) => panic!("expected a node error, the call succeeded"),
        Err(other) => panic!("expected a node error, got {other}"),
    }
}

/// An output item's JSON.
pub fn json_of(item: &OutputItem) -> Value {
    serde_json::from_str(&item.json).expect("output JSON is JSON")
}

/// Fails if the test key appears anywhere in `text`.
pub fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "the API key leaked into: {text}");
    assert!(
        !text.contains("DISTINCTIVE_KEY"),
        "part of the API key leaked into: {text}"
    );
}

/// Fails if the key appears in any part of `items`.
pub fn assert_no_key_in_items(items: &[OutputItem]) {
    for item in items {
        assert_no_key(&item.json);
        if let Some(e) = &item.error {
            assert_no_key_in_error(e);
        }
        for b in &item.binary {
            assert!(!b.data.windows(KEY.len()).any(|w| w == KEY.as_bytes()));
        }
    }
}

/// Fails if the key appears in any text of `e`.
pub fn assert_no_key_in_error(e: &NodeError) {
    assert_no_key(&e.message);
    assert_no_key(e.description.as_deref().unwrap_or_default());
}

/// The payload of the QR in an SVG document, rendered with resvg.
pub fn decode_svg(svg: &[u8]) -> String {
    let tree =
        resvg::usvg::Tree::from_data(svg, &resvg::usvg::Options::default()).expect("valid SVG");
    let size = tree.size().to_int_size();
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("non-empty SVG");
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let gray = image::GrayImage::from_fn(size.width(), size.height(), |x, y| {
        let p = pixmap.pixel(x, y).expect("in bounds");
        image::Luma([((u16::from(p.red()) + u16::from(p.green()) + u16::from(p.blue())) / 3) as u8])
    });
    host_test::qr_decode::decode_gray(gray).expect("one readable QR in the SVG")
}

/// The payload of the QR in PNG bytes.
pub fn decode_png(png: &[u8]) -> String {
    host_test::qr_decode::decode_image(png).expect("one readable QR in the PNG")
}

/// The `host-test` executable built beside this test binary.
pub fn cli() -> Command {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe.ancestors().nth(2).expect("target/<profile>");
    let path = dir.join("host-test");
    assert!(
        path.exists(),
        "build host-test first (cargo build -p host-test): {}",
        path.display()
    );
    Command::new(path)
}

/// Runs `command`: whether it succeeded, and its stdout then its stderr.
pub fn output_of(command: &mut Command) -> (bool, String) {
    let out = command.output().expect("host-test runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}
