//! The WhatsApp numbers of the account (`GET /devices`), as the options of
//! the WhatsApp Number dropdown (load-options method `getDevices`).

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use sparkbot_catalog::session::REQUEST_MS;
use workflow_node_sdk::http::{Hints, Method, Request, status_error};
use workflow_node_sdk::types::OptionValue;
use workflow_node_sdk::{Context, NodeError, Result};

/// One choice of the WhatsApp Number dropdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceOption {
    /// The label: alias and phone.
    pub name: String,
    /// The device id.
    pub value: String,
    /// The session status, so the user sees which number needs a scan.
    pub description: String,
}

/// A device as the API lists it; every field but `id` may be missing or null,
/// and unknown fields are ignored.
#[derive(Debug, Deserialize)]
struct Device {
    id: Option<String>,
    alias: Option<String>,
    phone: Option<String>,
    status: Option<String>,
    session: Option<Session>,
}

#[derive(Debug, Deserialize)]
struct Session {
    status: Option<String>,
}

/// The dropdown's options: the account's devices.
pub fn options(cx: &Context) -> Result<Vec<OptionValue>> {
    let request = Request::new(Method::Get, &["devices"], Duration::from_millis(REQUEST_MS));
    let reply = cx.client.send(&request)?;
    if !reply.is_success() {
        let hints = Hints {
            not_found: Some((
                "The SparkBot API has no device list at this address".into(),
                "Check the credential's Base URL (it usually ends in /v1).".into(),
            )),
            conflict: None,
        };
        return Err(status_error(&reply, cx.client.api_name(), &hints));
    }
    let options = to_options(&reply.body).map_err(|e| e.with_status(reply.status))?;
    Ok(options
        .into_iter()
        .map(|o| OptionValue {
            name: o.name,
            value: Value::String(o.value).to_string(),
            description: Some(o.description),
            action: None,
        })
        .collect())
}

/// Turns the body of `GET /devices` into options. Entries without an id
/// cannot be picked and are left out.
pub fn to_options(body: &[u8]) -> Result<Vec<DeviceOption>> {
    let devices: Vec<serde_json::Value> = serde_json::from_slice(body).map_err(|_| {
        NodeError::service(
            "The SparkBot API's device list is not a JSON list. Check that the Base URL points at the SparkBot API.",
        )
    })?;
    Ok(devices
        .into_iter()
        .filter_map(|d| serde_json::from_value::<Device>(d).ok())
        .filter_map(option_for)
        .collect())
}

fn option_for(device: Device) -> Option<DeviceOption> {
    let id = device.id.filter(|id| !id.trim().is_empty())?;
    let alias = device.alias.filter(|s| !s.trim().is_empty());
    let phone = device.phone.filter(|s| !s.trim().is_empty());
    let name = match (alias, phone) {
        (Some(alias), Some(phone)) => format!("{alias} ({phone})"),
        (Some(alias), None) => alias,
        (None, Some(phone)) => phone,
        (None, None) => id.clone(),
    };
    let session = device.session.and_then(|s| s.status);
    let description = match (session, device.status) {
        (Some(session), _) => format!("Session: {session}"),
        (None, Some(status)) => format!("Device: {status}"),
        (None, None) => "Session: unknown".to_string(),
    };
    Some(DeviceOption {
        name,
        value: id,
        description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_follow_alias_phone_then_id() {
        let body = br#"[
          {"id":"a1","alias":"Sales","phone":"+14155550101","status":"operative",
           "session":{"status":"online","uptime":3600}},
          {"id":"a2","alias":"Support","phone":null,"session":{"status":"pending"}},
          {"id":"a3","phone":"+34600000000","status":"operative","extra":[1,2]},
          {"id":"a4"},
          {"alias":"no id"},
          {"id":7},
          "junk"
        ]"#;
        let got = to_options(body).unwrap();
        let want = [
            ("Sales (+14155550101)", "a1", "Session: online"),
            ("Support", "a2", "Session: pending"),
            ("+34600000000", "a3", "Device: operative"),
            ("a4", "a4", "Session: unknown"),
        ];
        assert_eq!(got.len(), want.len());
        for (opt, (name, value, description)) in got.iter().zip(want) {
            assert_eq!(
                (
                    opt.name.as_str(),
                    opt.value.as_str(),
                    opt.description.as_str()
                ),
                (name, value, description)
            );
        }
    }

    #[test]
    fn a_body_that_is_not_a_list_is_a_service_error() {
        for body in [&b"{}"[..], b"<html>", b""] {
            let err = to_options(body).unwrap_err();
            assert_eq!(err.kind, workflow_node_sdk::ErrorKind::ServiceError);
        }
    }
}
