//! `load-options`: the dynamic dropdowns of the form.

use crate::api::Api;
use crate::credentials::Credentials;
use crate::devices::{self, DeviceOption};
use crate::error::{NodeError, Result};
use crate::params;

/// The methods this node answers.
pub const METHODS: [&str; 1] = [devices::METHOD];

/// Runs the load-options `method` with the credential's JSON data and the
/// form's current parameters (a JSON object).
pub fn load_options(
    method: &str,
    credentials: &str,
    parameters: &str,
) -> Result<Vec<DeviceOption>> {
    if method != devices::METHOD {
        return Err(NodeError::invalid_parameter(format!(
            "Unknown load-options method '{}'; this node offers: {}.",
            params::truncate(method, 40),
            METHODS.join(", ")
        )));
    }
    params::read_form(parameters)?;
    let credentials = Credentials::parse(credentials)?;
    devices::list(&Api::new(&credentials))
}
