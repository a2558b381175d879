//! One item's run: a plain request from the catalog, shaped by the
//! catalog's rule or Scan QR's, or a named behaviour of the node's own.

use sparkbot_catalog::{API_NAME, RUN_SCAN_AND_WAIT, SHAPE_QR};
use workflow_node_sdk::catalog::check::Checked;
use workflow_node_sdk::catalog::{Run, Shape, request, shape};
use workflow_node_sdk::{Context, NodeError, Output, Result};

use crate::{qr, wait};

/// Runs one checked item within the call's deadline.
pub fn run(cx: &Context, checked: &Checked) -> Result<Output> {
    match checked.op.run {
        Run::Request => {
            let reply = request::send(cx, checked)?;
            match checked.op.shape {
                Shape::PassThrough { .. } => shape::pass_through(checked, &reply, API_NAME),
                Shape::Custom(SHAPE_QR) => qr::shape(&qr::ScanQr::from_checked(checked)?, &reply),
                Shape::Custom(other) => Err(unknown("shape", other)),
            }
        }
        Run::Custom(RUN_SCAN_AND_WAIT) => wait::run(cx, checked),
        Run::Custom(other) => Err(unknown("behaviour", other)),
    }
}

fn unknown(what: &str, name: &str) -> NodeError {
    NodeError::internal(format!(
        "The catalog names a {what} '{name}' this node does not have."
    ))
}
