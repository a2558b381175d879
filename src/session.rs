//! The one-request operations on a device: Get Device, Sync Session, Start,
//! Reset and Reboot Device, Device Health and Request Authentication Code.
//! Each reads its fields, builds one request (boolean query parameters are
//! sent only when true, as the API's clients do), and passes the API's JSON
//! object through as the item.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::api::{Api, Call, Method, Reply, Request};
use crate::error::{NodeError, Result};
use crate::operations::Operation;
use crate::params::{
    self, DEFAULT_TIMEOUT_MS, DeviceId, Strictness, name, read_device, read_flag, read_options,
};
use crate::scan::Output;

/// How long a request without `wait` may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_millis(DEFAULT_TIMEOUT_MS);
/// How long Start and Reboot may take with `wait`: the API waits up to about
/// 90 s for the session, plus room for the network.
pub const START_WAIT_TIMEOUT: Duration = Duration::from_secs(120);
/// How long Reset may take with `wait`: the API waits up to about 2 minutes.
pub const RESET_WAIT_TIMEOUT: Duration = Duration::from_secs(150);

/// One checked request on one device.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceCall {
    /// The operation it is.
    pub operation: Operation,
    /// The device.
    pub device: DeviceId,
    /// The query parameters, only those that are true.
    pub query: Vec<&'static str>,
    /// The JSON body, for Request Authentication Code.
    pub body: Option<Value>,
    /// How long the request may take.
    pub timeout: Duration,
}

impl DeviceCall {
    /// The method and the path segment after `/devices/{id}`.
    pub fn route(&self) -> (Method, Option<&'static str>) {
        match self.operation {
            Operation::SyncSession => (Method::Get, Some("sync")),
            Operation::StartDevice => (Method::Post, Some("start")),
            Operation::ResetDevice => (Method::Post, Some("reset")),
            Operation::RebootDevice => (Method::Post, Some("reboot")),
            Operation::DeviceHealth => (Method::Get, Some("health")),
            Operation::RequestAuthCode => (Method::Post, Some("authcode")),
            Operation::GetDevice | Operation::ScanQr | Operation::ScanQrAndWait => {
                (Method::Get, None)
            }
        }
    }
}

/// Reads the fields of `operation` (one of the one-request operations) from `params`.
pub fn read(operation: Operation, params: &Map<String, Value>) -> Result<DeviceCall> {
    let device = read_device(params)?;
    let mut query = Vec::new();
    let mut body = None;
    let mut timeout = REQUEST_TIMEOUT;
    let lenient = Strictness::Lenient;
    match operation {
        Operation::GetDevice | Operation::SyncSession | Operation::DeviceHealth => {
            read_options(params, &[])?;
        }
        Operation::StartDevice => {
            read_options(params, &[])?;
            if read_flag(params, name::WAIT, "Wait", lenient)? {
                query.push(name::WAIT);
                timeout = START_WAIT_TIMEOUT;
            }
        }
        Operation::ResetDevice => {
            let options =
                read_options(params, &[name::DELETE_DATA, name::WAIT, name::EMPTY_QUEUE])?;
            let destroys = |what| Strictness::Destructive(what);
            if read_flag(
                &options,
                name::DELETE_DATA,
                "Delete Data",
                destroys("deletes the number's chats, messages and contacts"),
            )? {
                query.push("data");
            }
            if read_flag(&options, name::WAIT, "Wait", lenient)? {
                query.push(name::WAIT);
                timeout = RESET_WAIT_TIMEOUT;
            }
            if read_flag(
                &options,
                name::EMPTY_QUEUE,
                "Empty Queue",
                destroys("deletes the queued messages"),
            )? {
                query.push(name::EMPTY_QUEUE);
            }
        }
        Operation::RebootDevice => {
            let options = read_options(params, &[name::FORCE, name::WAIT, name::SYNC])?;
            if read_flag(
                &options,
                name::FORCE,
                "Force",
                Strictness::Destructive("reboots the session even when it is stopped"),
            )? {
                query.push(name::FORCE);
            }
            if read_flag(&options, name::WAIT, "Wait", lenient)? {
                query.push(name::WAIT);
                timeout = START_WAIT_TIMEOUT;
            }
            if read_flag(&options, name::SYNC, "Sync", lenient)? {
                query.push(name::SYNC);
            }
        }
        Operation::RequestAuthCode => {
            read_options(params, &[])?;
            if read_flag(
                params,
                name::FORCE,
                "Force New Session",
                Strictness::Destructive("destroys the current session"),
            )? {
                query.push(name::FORCE);
            }
            body = Some(match params::read_phone(params)? {
                Some(phone) => json!({ "phone": phone.as_str() }),
                None => json!({}),
            });
        }
        Operation::ScanQr | Operation::ScanQrAndWait => {
            return Err(NodeError::new(
                crate::error::ErrorKind::Internal,
                "Scan operations are not one-request operations.",
            ));
        }
    }
    Ok(DeviceCall {
        operation,
        device,
        query,
        body,
        timeout,
    })
}

/// Sends `call` and shapes the answer.
pub fn run(api: &Api<'_>, call: &DeviceCall) -> Result<Output> {
    let device = call.device.as_str();
    let (method, suffix) = call.route();
    let mut segments = vec!["devices", device];
    segments.extend(suffix);
    let request = Request {
        method,
        segments,
        query: call.query.iter().map(|q| (*q, "true")).collect(),
        body: call.body.clone(),
    };
    let reply = api.send(Call::Device { device }, &request, call.timeout)?;
    shape(call, &reply).map_err(|e| e.with_status(reply.status))
}

/// The item for a 2xx answer: the API's JSON object passed through whole,
/// with `device` (the id asked for) and `operation` added when the API did
/// not send fields of those names. An empty body gives just those two.
pub fn shape(call: &DeviceCall, reply: &Reply) -> Result<Output> {
    let mut json = if reply.body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(&reply.body) {
            Ok(Value::Object(map)) => map,
            Ok(other) => {
                let mut map = Map::new();
                map.insert("data".into(), other);
                map
            }
            Err(_) => {
                return Err(NodeError::service(format!(
                    "The SparkBot API's answer to {} is not JSON (Content-Type: {}). Check that the Base URL points at the SparkBot API.",
                    call.operation.label().name,
                    reply.content_type.as_deref().unwrap_or("none")
                )));
            }
        }
    };
    json.entry("device")
        .or_insert_with(|| call.device.as_str().into());
    json.entry("operation")
        .or_insert_with(|| call.operation.as_str().into());
    Ok(Output {
        json,
        binary: Vec::new(),
    })
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
