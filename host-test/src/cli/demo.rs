//! The demo: the embedded API on loopback, its WhatsApp numbers, a QR scan,
//! the QR written to a file, checked, and drawn in the terminal.

use std::path::Path;

use host_test::{qr_decode, terminal};
use serde_json::{Value, json};
use sparkbot_mock::{DEMO_API_KEY, MockApi};
use workflow_node_host::bindings::InputItem;
use workflow_node_host::{NodeHost, json};

use super::{CliError, items, mock_credentials};

/// Runs the demo, writing the QR image under `out_dir`.
pub async fn run(host: &NodeHost, out_dir: &Path) -> Result<(), CliError> {
    let mock = MockApi::start(DEMO_API_KEY)
        .map_err(|e| CliError::Io(format!("cannot start the embedded SparkBot API: {e}")))?;
    println!(
        "1. The embedded SparkBot API is listening at {}",
        mock.base_url()
    );
    let credentials = mock_credentials(host, &mock).await?;

    let options = host.load_options("getDevices", &credentials, "{}").await?;
    println!("\n2. load-options(getDevices): the WhatsApp Number dropdown offers");
    for option in &options {
        let o = json::option(option);
        println!(
            "   - {:<28} {}  ({})",
            o["name"].as_str().unwrap_or_default(),
            o["value"].as_str().unwrap_or_default(),
            o["description"].as_str().unwrap_or_default()
        );
    }
    let device = options
        .iter()
        .map(json::option)
        .find(|o| o["description"] != "Session: online")
        .and_then(|o| o["value"].as_str().map(str::to_string))
        .ok_or_else(|| {
            CliError::Usage("the embedded API lists no number waiting for a scan".into())
        })?;

    let parameters = json!({
        "resource": "whatsappSession", "operation": "scanQr",
        "device": device, "force": false, "encoding": "image",
    });
    println!("\n3. execute(Scan QR) with parameters {parameters}");
    let item = InputItem {
        json: "{}".into(),
        binary: Vec::new(),
        parameters: parameters.to_string(),
    };
    let outputs = host.execute(&credentials, &[item], false).await?;
    let printed = items::write_outputs(&outputs, out_dir)?;
    println!(
        "   output item: {}",
        serde_json::to_string_pretty(&printed).unwrap_or_default()
    );

    let png = outputs
        .first()
        .and_then(|o| o.binary.first())
        .ok_or_else(|| CliError::Usage("the node returned no QR image".into()))?;
    let payload = qr_decode::decode_image(&png.data)
        .map_err(|e| CliError::Usage(format!("the QR image does not decode: {e}")))?;
    let expected = mock
        .device(&device)
        .map(|d| d.payload())
        .unwrap_or_default();
    let path = printed
        .first()
        .and_then(|p| p["binary"]["qr"]["path"].as_str())
        .map(str::to_string)
        .unwrap_or_default();
    println!(
        "\n4. {path} decodes to {payload:?}: {}",
        if payload == expected {
            "it matches the payload the API issued"
        } else {
            "it differs from what the API issued"
        }
    );
    if payload != expected {
        return Err(CliError::Usage(format!(
            "decoded {payload:?}, expected {expected:?}"
        )));
    }
    let drawing = terminal::render(&payload).map_err(|e| CliError::Usage(e.to_string()))?;
    println!("\n5. The same QR, for a phone camera:\n\n{drawing}");
    let requests: Vec<Value> = mock
        .requests()
        .iter()
        .map(|r| json!(format!("{} {}", r.method, r.target)))
        .collect();
    println!("The API received: {}", Value::Array(requests));
    Ok(())
}
