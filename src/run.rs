//! One item's run: a plain request from the catalog, shaped by the
//! catalog's rule or Scan QR's, or a named behaviour of the node's own.

use sparkbot_catalog::{RUN_RAW, RUN_SCAN_AND_WAIT, RUN_UPLOAD, SHAPE_QR};
use workflow_node_sdk::catalog::check::Checked;
use workflow_node_sdk::catalog::{Run, Shape, fetch, request};
use workflow_node_sdk::{Context, NodeError, Output, Result};

use crate::{media, qr, raw, wait};

/// Runs one checked item within the call's deadline: its output items.
pub fn run(cx: &Context, checked: &Checked) -> Result<Vec<Output>> {
    match (checked.op.run, checked.op.shape) {
        (Run::Request, Shape::Custom(SHAPE_QR)) => {
            let reply = request::send(cx, checked)?;
            Ok(vec![qr::shape(
                &qr::ScanQr::from_checked(checked)?,
                &reply,
            )?])
        }
        (Run::Request, Shape::Custom(other)) => Err(unknown("shape", other)),
        (Run::Request, _) => fetch::run(cx, checked),
        (Run::Custom(RUN_SCAN_AND_WAIT), _) => wait::run(cx, checked).map(|o| vec![o]),
        (Run::Custom(RUN_UPLOAD), _) => media::run(cx, checked),
        (Run::Custom(RUN_RAW), _) => raw::run(cx, checked),
        (Run::Custom(other), _) => Err(unknown("behaviour", other)),
    }
}

fn unknown(what: &str, name: &str) -> NodeError {
    NodeError::internal(format!(
        "The catalog names a {what} '{name}' this node does not have."
    ))
}
