//! Loading a component into a [`NodeHost`]: from a file, through a cache
//! of compiled artifacts, or from bytes; and precompiling one.

use std::hash::{Hash, Hasher};
use std::path::Path;

use wasmtime::component::Component;

use crate::config::HostConfig;
use crate::engine::new_engine;
use crate::error::{HostError, load_error};
use crate::node_host::NodeHost;

impl NodeHost {
    /// Loads the component at `path` (a `.wasm` component, or an artifact of
    /// [`NodeHost::precompile`] when its name ends in `.cwasm`).
    pub fn from_file(path: &Path, config: HostConfig) -> Result<Self, HostError> {
        let engine = new_engine(&config).map_err(load_error)?;
        let component = if path.extension().is_some_and(|e| e == "cwasm") {
            // SAFETY: `.cwasm` files are only ever written by `precompile`
            // with an engine of this same configuration; wasmtime checks the
            // engine and version recorded in the artifact and refuses others.
            // Read, not mapped, for the same reason as in `from_file_cached`.
            std::fs::read(path)
                .map_err(wasmtime::Error::from)
                .and_then(|bytes| unsafe { Component::deserialize(&engine, bytes) })
        } else {
            Component::from_file(&engine, path)
        }
        .map_err(|e| load_error(format_args!("{}: {e:#}", path.display())))?;
        Self::link(engine, component, config)
    }

    /// Loads the component at `path` through a cache of compiled artifacts in
    /// `cache_dir`, keyed by the component's bytes and the engine's
    /// compatibility hash: the first load compiles and stores the artifact,
    /// later ones deserialize it (milliseconds instead of a compile). The
    /// directory must be trusted (written only by this host's user): an
    /// artifact is native code.
    pub fn from_file_cached(
        path: &Path,
        config: HostConfig,
        cache_dir: &Path,
    ) -> Result<Self, HostError> {
        let bytes =
            std::fs::read(path).map_err(|e| load_error(format_args!("{}: {e}", path.display())))?;
        let engine = new_engine(&config).map_err(load_error)?;
        let mut hasher = std::hash::DefaultHasher::new();
        bytes.hash(&mut hasher);
        engine.precompile_compatibility_hash().hash(&mut hasher);
        let artifact = cache_dir.join(format!("{:016x}.cwasm", hasher.finish()));
        // SAFETY: the artifact was written below by `Component::serialize`
        // for an engine with the same compatibility hash (it is in the key),
        // into a directory the caller vouches for; wasmtime also checks the
        // engine recorded in the artifact and refuses a mismatch.
        // Read, not mapped: a file truncated under a mapping would kill the
        // process (SIGBUS) instead of failing one load.
        let cached = std::fs::read(&artifact)
            .ok()
            .and_then(|bytes| unsafe { Component::deserialize(&engine, bytes) }.ok());
        let component = match cached {
            Some(component) => component,
            None => {
                let component = Component::new(&engine, &bytes).map_err(load_error)?;
                // A cache that cannot be written only costs the next start-up a compile.
                if let Ok(serialized) = component.serialize() {
                    let partial = artifact.with_extension(format!("{}.tmp", std::process::id()));
                    let written = std::fs::create_dir_all(cache_dir)
                        .and_then(|()| std::fs::write(&partial, serialized))
                        .and_then(|()| std::fs::rename(&partial, &artifact));
                    if written.is_err() {
                        let _ = std::fs::remove_file(&partial);
                    }
                }
                component
            }
        };
        Self::link(engine, component, config)
    }

    /// Compiles the component in `bytes`.
    pub fn from_bytes(bytes: &[u8], config: HostConfig) -> Result<Self, HostError> {
        let engine = new_engine(&config).map_err(load_error)?;
        let component = Component::new(&engine, bytes).map_err(load_error)?;
        Self::link(engine, component, config)
    }

    /// Compiles `bytes` into an artifact that [`NodeHost::from_file`] loads
    /// without compiling, for an engine of the same `config`.
    pub fn precompile(bytes: &[u8], config: &HostConfig) -> Result<Vec<u8>, HostError> {
        let engine = new_engine(config).map_err(load_error)?;
        engine.precompile_component(bytes).map_err(load_error)
    }
}
