//! [`NodeHost`]: the component compiled and linked once, then a fresh,
//! limited instance for every call. The host owns the network and the
//! secrets: what a credential means comes from the node's own description
//! ([`CredentialModels`]), the node receives a credential without its
//! secrets, and its answers are scrubbed of them ([`crate::redact::Redactor`]).

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store, Trap};

use crate::bindings::{
    Credentials, ExecuteSettings, InputItem, NodeDescription, OptionValue, OutputItem,
    WorkflowNode, WorkflowNodePre,
};
use crate::config::HostConfig;
use crate::credential::{CredentialModels, Prepared};
use crate::engine::{EpochTicker, deadline_ticks, new_engine};
use crate::error::HostError;
use crate::hooks::PolicyHooks;
use crate::policy::OriginPolicy;
use crate::sender::{Grant, Sender};
use crate::state::State;

/// How much sooner than the host the node is told its call ends
/// (`execute-settings.deadline-ms`), at most: so a node that bounds its
/// work by it finishes, with what it has, before the host has to stop it.
const GUEST_DEADLINE_MARGIN: Duration = Duration::from_secs(1);

/// Extra time given to the async timeout beyond the epoch deadline, so a
/// guest that is running wasm traps first; the timeout catches a guest that
/// waits in the host (on I/O) instead.
const TIMEOUT_GRACE: Duration = Duration::from_millis(50);

/// What a finished call measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallStats {
    /// The largest the guest's linear memory grew to, in bytes.
    pub peak_memory: usize,
}

/// A loaded node component, ready to serve calls.
pub struct NodeHost {
    loaded: Arc<Loaded>,
    config: HostConfig,
    /// Carries every request of every call: its pool outlives calls.
    sender: Sender,
}

/// What loading made once, shared by hosts that differ only in limits.
struct Loaded {
    engine: Engine,
    component: Component,
    pre: WorkflowNodePre<State>,
    credential_models: tokio::sync::OnceCell<Result<CredentialModels, String>>,
    _ticker: EpochTicker,
}

impl std::fmt::Debug for NodeHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeHost")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn load_error(e: impl std::fmt::Display) -> HostError {
    HostError::Load(format!("{e:#}"))
}

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

    fn link(engine: Engine, component: Component, config: HostConfig) -> Result<Self, HostError> {
        let mut linker = Linker::<State>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(load_error)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker).map_err(load_error)?;
        // Resolving imports now makes a component that needs something this
        // host does not offer fail at start-up, not at its first call.
        let pre = linker.instantiate_pre(&component).map_err(load_error)?;
        let pre = WorkflowNodePre::new(pre).map_err(load_error)?;
        let ticker = EpochTicker::start(&engine).map_err(load_error)?;
        let loaded = Loaded {
            engine,
            component,
            pre,
            credential_models: tokio::sync::OnceCell::new(),
            _ticker: ticker,
        };
        let sender = Sender::new(&config).map_err(HostError::Load)?;
        Ok(NodeHost {
            loaded: Arc::new(loaded),
            config,
            sender,
        })
    }

    /// The same loaded component under other limits, without compiling it
    /// again. The allocator is the engine's: `config.pooling` must match.
    pub fn with_config(&self, config: HostConfig) -> Result<NodeHost, HostError> {
        if config.pooling != self.config.pooling {
            return Err(HostError::Load(
                "the allocator (pooling or not) is fixed when the component is loaded".into(),
            ));
        }
        let sender = Sender::new(&config).map_err(HostError::Load)?;
        Ok(NodeHost {
            loaded: Arc::clone(&self.loaded),
            config,
            sender,
        })
    }

    /// The limits every call runs under.
    pub fn config(&self) -> &HostConfig {
        &self.config
    }

    /// How many connections this host has opened (to servers or proxies)
    /// since it was made: with keep-alive, far fewer than requests.
    pub fn connections_opened(&self) -> u64 {
        self.sender.connections_opened()
    }

    /// The names of the component's imports (`wasi:http/types@0.2.2`, …).
    pub fn imports(&self) -> Vec<String> {
        self.loaded
            .component
            .component_type()
            .imports(&self.loaded.engine)
            .map(|(name, _)| name.to_string())
            .collect()
    }

    /// Makes a fresh instance, exactly as every call does, and drops it
    /// unused: what instantiation costs, for measurement.
    pub async fn instantiate_only(&self) -> Result<(), HostError> {
        self.call(self.no_network(), async |_node, _store| Ok(()))
            .await
            .map(|_| ())
    }

    /// Describes the node. No network access is granted.
    pub async fn describe(&self) -> Result<NodeDescription, HostError> {
        self.call(self.no_network(), async |node, store| {
            node.workflow_node_node().call_describe(store).await
        })
        .await
        .map(|(description, _)| description)
    }

    /// Loads the options of a dynamic dropdown. `credentials` is the whole
    /// credential, secrets included: the node gets it without them.
    pub async fn load_options(
        &self,
        method: &str,
        credentials: &Credentials,
        parameters: &str,
    ) -> Result<Vec<OptionValue>, HostError> {
        let prepared = self.prepare(credentials).await?.map_err(HostError::Node)?;
        let parameters = parameters.to_string();
        let redactor = prepared.redactor.clone();
        let guest = prepared.guest.clone();
        let (result, _) = self
            .call(self.hooks_for(prepared), async |node, store| {
                node.workflow_node_node()
                    .call_load_options(store, method, &guest, &parameters)
                    .await
            })
            .await?;
        match result {
            Ok(mut options) => {
                options.iter_mut().for_each(|o| redactor.option(o));
                Ok(options)
            }
            Err(mut e) => {
                redactor.error(&mut e);
                Err(HostError::Node(e))
            }
        }
    }

    /// Runs the node over `items`. `credentials` is the whole credential,
    /// secrets included: the node gets it without them. With
    /// `continue_on_fail`, a failed item becomes an output item carrying its
    /// error, and the rest go on.
    pub async fn execute(
        &self,
        credentials: &Credentials,
        items: &[InputItem],
        continue_on_fail: bool,
    ) -> Result<Vec<OutputItem>, HostError> {
        self.execute_with_stats(credentials, items, continue_on_fail)
            .await
            .map(|(items, _)| items)
    }

    /// [`NodeHost::execute`], also reporting what the call measured.
    pub async fn execute_with_stats(
        &self,
        credentials: &Credentials,
        items: &[InputItem],
        continue_on_fail: bool,
    ) -> Result<(Vec<OutputItem>, CallStats), HostError> {
        let prepared = match self.prepare(credentials).await? {
            Ok(prepared) => prepared,
            // Nothing can be sent without the credential; with continue-on-fail
            // every item says so, as the node would for any other failure.
            Err(e) if continue_on_fail && !items.is_empty() => {
                return Ok((failed_items(items.len(), &e), CallStats::default()));
            }
            Err(e) => return Err(HostError::Node(e)),
        };
        let settings = ExecuteSettings {
            continue_on_fail,
            deadline_ms: guest_deadline_ms(self.config.call_deadline),
        };
        let redactor = prepared.redactor.clone();
        let guest = prepared.guest.clone();
        let (result, stats) = self
            .call(self.hooks_for(prepared), async |node, store| {
                node.workflow_node_node()
                    .call_execute(store, &guest, items, settings)
                    .await
            })
            .await?;
        match result {
            Ok(mut items) => {
                items.iter_mut().for_each(|i| redactor.output_item(i));
                Ok((items, stats))
            }
            Err(mut e) => {
                redactor.error(&mut e);
                Err(HostError::Node(e))
            }
        }
    }

    /// What the node's credential types mean, from its own description
    /// (asked once per loaded component).
    pub async fn credential_models(&self) -> Result<&CredentialModels, HostError> {
        let models = self
            .loaded
            .credential_models
            .get_or_init(async || match self.describe().await {
                Ok(description) => CredentialModels::of(&description),
                Err(e) => Err(e.to_string()),
            })
            .await;
        models.as_ref().map_err(|e| {
            HostError::Load(format!("the node's credential types cannot be used: {e}"))
        })
    }

    /// `credentials` checked and split: the outer error is the host's, the
    /// inner one the credential's (a node error, for the user to fix).
    async fn prepare(
        &self,
        credentials: &Credentials,
    ) -> Result<Result<Prepared, crate::bindings::NodeError>, HostError> {
        Ok(self.credential_models().await?.prepare(credentials))
    }

    /// The hooks of a call with `prepared`: its origin only (narrowed by the
    /// administrator's allow-list), with its secret headers added.
    fn hooks_for(&self, prepared: Prepared) -> PolicyHooks {
        let policy = prepared
            .base_url
            .as_deref()
            .map_or_else(OriginPolicy::deny_all, OriginPolicy::for_base_url);
        let policy = match &self.config.allowed_origins {
            None => policy,
            Some(allowed) => policy.within(allowed),
        };
        let grant = Grant::new(policy, prepared.headers, self.config.request_timeout);
        PolicyHooks::new(grant, self.sender.clone())
    }

    /// Hooks that grant no network at all.
    fn no_network(&self) -> PolicyHooks {
        PolicyHooks::new(Grant::none(), self.sender.clone())
    }

    /// Runs `f` on a fresh instance under the call's limits.
    async fn call<R>(
        &self,
        hooks: PolicyHooks,
        f: impl AsyncFnOnce(&WorkflowNode, &mut Store<State>) -> wasmtime::Result<R>,
    ) -> Result<(R, CallStats), HostError> {
        let mut store = Store::new(
            &self.loaded.engine,
            State::new(hooks, self.config.memory_limit),
        );
        store.limiter(|state| &mut state.memory);
        store.set_epoch_deadline(deadline_ticks(self.config.call_deadline));
        store.epoch_deadline_trap();
        let deadline = self.config.call_deadline;
        let run = async {
            let node = self.loaded.pre.instantiate_async(&mut store).await?;
            f(&node, &mut store).await
        };
        let outcome = tokio::time::timeout(deadline + TIMEOUT_GRACE, run).await;
        let stats = CallStats {
            peak_memory: store.data().memory.peak(),
        };
        match outcome {
            Err(_elapsed) => Err(HostError::Deadline(deadline)),
            Ok(Ok(value)) => Ok((value, stats)),
            Ok(Err(e)) => Err(self.classify(e, &store)),
        }
    }

    fn classify(&self, error: wasmtime::Error, store: &Store<State>) -> HostError {
        if error.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
            return HostError::Deadline(self.config.call_deadline);
        }
        if store.data().memory.refused() {
            return HostError::MemoryLimit(self.config.memory_limit);
        }
        let stderr = store.data().stderr.contents();
        let stderr = String::from_utf8_lossy(&stderr);
        HostError::Trap(if stderr.trim().is_empty() {
            format!("{error:#}")
        } else {
            format!("{error:#}; the component wrote: {}", stderr.trim())
        })
    }
}

/// The deadline the node is told: the host's, less a margin (a tenth of it,
/// at most [`GUEST_DEADLINE_MARGIN`]) for instantiation and the answer's way back.
fn guest_deadline_ms(host: Duration) -> u64 {
    let margin = (host / 10).min(GUEST_DEADLINE_MARGIN);
    u64::try_from(host.saturating_sub(margin).as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

/// One error item per input item, each naming its item.
fn failed_items(count: usize, error: &crate::bindings::NodeError) -> Vec<OutputItem> {
    (0..count)
        .map(|i| {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            OutputItem {
                json: "{}".into(),
                binary: Vec::new(),
                paired_item: index,
                error: Some(crate::bindings::NodeError {
                    item_index: Some(index),
                    ..error.clone()
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_node_is_told_a_slightly_earlier_deadline() {
        assert_eq!(guest_deadline_ms(Duration::from_secs(60)), 59_000);
        assert_eq!(guest_deadline_ms(Duration::from_secs(2)), 1_800);
        assert_eq!(guest_deadline_ms(Duration::ZERO), 1);
    }
}
