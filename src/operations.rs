//! The operations of the WhatsApp session resource, in one registry: their
//! values, labels and the fields each one reads. Reading an item's
//! parameters gives a [`Planned`] operation; running it makes one request
//! (or, for Scan QR and wait, a scan and a series of polls).

use std::time::Duration;

use serde_json::{Map, Value};

use crate::api::Api;
use crate::error::{NodeError, Result};
use crate::execute::Deadline;
use crate::params::{self, ScanQr, describe_value, name};
use crate::scan::{self, Output};
use crate::session::{self, DeviceCall};
use crate::wait::{self, ScanAndWait};

/// Every operation of the WhatsApp session resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `GET /devices/{id}/scan`.
    ScanQr,
    /// Scan, then poll `GET /devices/{id}` until linked.
    ScanQrAndWait,
    /// `GET /devices/{id}`.
    GetDevice,
    /// `GET /devices/{id}/sync`.
    SyncSession,
    /// `POST /devices/{id}/start`.
    StartDevice,
    /// `POST /devices/{id}/reset`.
    ResetDevice,
    /// `POST /devices/{id}/reboot`.
    RebootDevice,
    /// `GET /devices/{id}/health`.
    DeviceHealth,
    /// `POST /devices/{id}/authcode`.
    RequestAuthCode,
}

/// What the form shows for an operation.
#[derive(Debug, Clone, Copy)]
pub struct Label {
    /// The operation's name in the dropdown.
    pub name: &'static str,
    /// One line on what it does.
    pub description: &'static str,
    /// The action label n8n shows in its node picker.
    pub action: &'static str,
}

impl Operation {
    /// Every operation, in the order the form lists them.
    pub const ALL: [Operation; 9] = [
        Operation::ScanQr,
        Operation::ScanQrAndWait,
        Operation::GetDevice,
        Operation::SyncSession,
        Operation::StartDevice,
        Operation::ResetDevice,
        Operation::RebootDevice,
        Operation::DeviceHealth,
        Operation::RequestAuthCode,
    ];

    /// The parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::ScanQr => "scanQr",
            Operation::ScanQrAndWait => "scanQrAndWait",
            Operation::GetDevice => "getDevice",
            Operation::SyncSession => "syncSession",
            Operation::StartDevice => "startDevice",
            Operation::ResetDevice => "resetDevice",
            Operation::RebootDevice => "rebootDevice",
            Operation::DeviceHealth => "deviceHealth",
            Operation::RequestAuthCode => "requestAuthCode",
        }
    }

    /// The name, description and action label the form shows.
    pub fn label(self) -> Label {
        let (name, description, action) = match self {
            Operation::ScanQr => (
                "Scan QR",
                "Get the QR code that links a WhatsApp number to SparkBot",
                "Scan QR code of a WhatsApp number",
            ),
            Operation::ScanQrAndWait => (
                "Scan QR and Wait",
                "Get the QR code, then wait until the number is linked (or the wait ends)",
                "Scan QR code and wait until the number is linked",
            ),
            Operation::GetDevice => (
                "Get Device",
                "Get a WhatsApp number and its session status",
                "Get the status of a WhatsApp number",
            ),
            Operation::SyncSession => (
                "Sync Session",
                "Force a sync of the number's WhatsApp session",
                "Sync the WhatsApp session of a number",
            ),
            Operation::StartDevice => (
                "Start Device",
                "Start the number's WhatsApp session",
                "Start a WhatsApp number",
            ),
            Operation::ResetDevice => (
                "Reset Device",
                "Start the number's WhatsApp session over; can delete its stored data",
                "Reset a WhatsApp number",
            ),
            Operation::RebootDevice => (
                "Reboot Device",
                "Restart the number's WhatsApp session",
                "Reboot a WhatsApp number",
            ),
            Operation::DeviceHealth => (
                "Device Health",
                "Get the health of the number's WhatsApp session",
                "Get the health of a WhatsApp number",
            ),
            Operation::RequestAuthCode => (
                "Request Authentication Code",
                "Get a pairing code to type into WhatsApp instead of scanning a QR",
                "Request an authentication code for a WhatsApp number",
            ),
        };
        Label {
            name,
            description,
            action,
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == raw)
    }

    fn known() -> String {
        Self::ALL
            .iter()
            .map(|o| format!("'{}'", o.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The operation `params` names: missing or null is Scan QR.
pub fn read_operation(params: &Map<String, Value>) -> Result<Operation> {
    match params.get(name::OPERATION) {
        None | Some(Value::Null) => Ok(Operation::ScanQr),
        Some(Value::String(s)) => {
            Operation::parse(s).ok_or_else(|| unknown(&Value::from(s.as_str())))
        }
        Some(other) => Err(unknown(other)),
    }
}

/// Refuses `params` unless its operation is `wanted`.
pub fn check_is(params: &Map<String, Value>, wanted: Operation) -> Result<()> {
    let operation = read_operation(params)?;
    if operation == wanted {
        Ok(())
    } else {
        Err(NodeError::invalid_parameter(format!(
            "Operation '{}' is not '{}'.",
            operation.as_str(),
            wanted.as_str()
        )))
    }
}

fn unknown(value: &Value) -> NodeError {
    NodeError::invalid_parameter(format!(
        "Operation {} is not known; this node offers {}.",
        describe_value(value),
        Operation::known()
    ))
}

/// One item's operation, its parameters checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    /// Scan QR.
    ScanQr(ScanQr),
    /// Scan QR and wait.
    ScanQrAndWait(ScanAndWait),
    /// One request on one device.
    Device(DeviceCall),
}

impl Planned {
    /// The longest the item's first request may take, before the deadline cuts it.
    pub fn timeout(&self) -> Duration {
        match self {
            Planned::ScanQr(p) => p.timeout,
            Planned::ScanQrAndWait(p) => p.scan.timeout,
            Planned::Device(c) => c.timeout,
        }
    }
}

/// Reads and checks one item's parameters (a JSON object, as text).
pub fn read(parameters: &str) -> Result<Planned> {
    let params = params::parse_object(parameters)?;
    params::check_resource(&params)?;
    let operation = read_operation(&params)?;
    Ok(match operation {
        Operation::ScanQr => Planned::ScanQr(params::scan_qr_from(&params)?),
        Operation::ScanQrAndWait => Planned::ScanQrAndWait(wait::read(&params)?),
        other => Planned::Device(session::read(other, &params)?),
    })
}

/// Runs one planned item, within `deadline`.
pub fn run(api: &Api<'_>, planned: &Planned, deadline: &Deadline) -> Result<Output> {
    match planned {
        Planned::ScanQr(p) => {
            let p = ScanQr {
                timeout: within(deadline, p.timeout)?,
                ..p.clone()
            };
            scan::run(api, &p)
        }
        Planned::ScanQrAndWait(p) => wait::run(api, p, deadline),
        Planned::Device(c) => {
            let c = DeviceCall {
                timeout: within(deadline, c.timeout)?,
                ..c.clone()
            };
            session::run(api, &c)
        }
    }
}

/// `wanted`, cut to what is left of the call; an error when nothing is.
pub fn within(deadline: &Deadline, wanted: Duration) -> Result<Duration> {
    deadline.bound(wanted).ok_or_else(|| {
        NodeError::new(
            crate::error::ErrorKind::Timeout,
            "The call's time ran out before this item could be sent. Run fewer items at once, or ask the host for a longer deadline.",
        )
    })
}

#[cfg(test)]
#[path = "operations_tests.rs"]
mod tests;
