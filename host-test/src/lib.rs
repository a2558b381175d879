//! What the `host-test` command line adds to the host library
//! (`workflow-node-host`) and the embedded API (`sparkbot-mock`): finding the
//! component, decoding QR images, drawing them in a terminal.

#![deny(missing_docs)]

pub mod qr_decode;
pub mod terminal;

use std::path::PathBuf;

/// The environment variable that names the component file.
pub const COMPONENT_ENV: &str = "SPARKBOT_COMPONENT";

/// Where the component is: `$SPARKBOT_COMPONENT`, or the release build in
/// the cargo target directory this executable was built in.
pub fn default_component_path() -> PathBuf {
    if let Some(path) = std::env::var_os(COMPONENT_ENV) {
        return PathBuf::from(path);
    }
    let relative = ["wasm32-wasip2", "release", "sparkbot_whatsapp.wasm"];
    let exe = std::env::current_exe().unwrap_or_default();
    // target/<profile>/host-test or target/<profile>/deps/<test binary>
    exe.ancestors()
        .skip(1)
        .take(3)
        .map(|dir| relative.iter().fold(dir.to_path_buf(), |p, s| p.join(s)))
        .find(|candidate| candidate.exists())
        .unwrap_or_else(|| relative.iter().collect())
}
