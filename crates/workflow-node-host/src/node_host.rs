//! [`NodeHost`]: the component compiled and linked once, then a fresh,
//! limited instance for every call. The host owns the network and the
//! secrets: what a credential means comes from the node's own description
//! ([`CredentialModels`]), the node receives a credential without its
//! secrets, and its answers are scrubbed of them ([`crate::redact::Redactor`]).

use std::sync::Arc;
use std::time::Duration;

use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store, Trap};

use crate::bindings::{
    Credentials, ExecuteSettings, InputItem, NodeDescription, OptionValue, OutputItem, SearchPage,
    WorkflowNode, WorkflowNodePre,
};
use crate::budget::Budgets;
use crate::config::HostConfig;
use crate::credential::{CredentialModels, Prepared};
use crate::engine::{EpochTicker, deadline_ticks};
use crate::error::{HostError, load_error};
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

/// The shortest deadline an execute call gets from its budgets (unless the
/// host's cap or a configured deadline is shorter): instantiation and the
/// answer's way back take time even for items the node says are instant,
/// and a call of no items still runs.
const MIN_EXECUTE_DEADLINE: Duration = Duration::from_secs(1);

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
    /// What the host reads from the node's description, asked once (describe
    /// is pure, so one answer holds for the component's lifetime).
    described: tokio::sync::OnceCell<Result<Described, String>>,
    _ticker: EpochTicker,
}

/// What the host keeps of the node's description.
struct Described {
    credential_models: CredentialModels,
    budgets: Budgets,
}

impl std::fmt::Debug for NodeHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeHost")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl NodeHost {
    /// Checks `component`'s contract version and imports, and makes the
    /// host: everything that can fail at start-up fails here.
    pub(crate) fn link(
        engine: Engine,
        component: Component,
        config: HostConfig,
    ) -> Result<Self, HostError> {
        // Before anything else: a component of another contract version
        // would otherwise fail on a missing export, or worse, on a record
        // of another shape at its first call.
        crate::contract::check_exports(
            component
                .component_type()
                .exports(&engine)
                .map(|(name, _)| name),
        )
        .map_err(HostError::ContractVersion)?;
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
            described: tokio::sync::OnceCell::new(),
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
        self.call(
            self.no_network(),
            self.form_deadline(),
            async |_node, _store| Ok(()),
        )
        .await
        .map(|_| ())
    }

    /// Describes the node. No network access is granted.
    pub async fn describe(&self) -> Result<NodeDescription, HostError> {
        self.call(
            self.no_network(),
            self.form_deadline(),
            async |node, store| node.workflow_node_node().call_describe(store).await,
        )
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
            .call(
                self.hooks_for(prepared),
                self.form_deadline(),
                async |node, store| {
                    node.workflow_node_node()
                        .call_load_options(store, method, &guest, &parameters)
                        .await
                },
            )
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

    /// One page of a searchable list (a `resource-locator`'s list mode names
    /// `method`): `filter` is the user's search text, `pagination_token` the
    /// previous page's token (none for the first page). `credentials` is the
    /// whole credential, secrets included: the node gets it without them.
    pub async fn list_search(
        &self,
        method: &str,
        credentials: &Credentials,
        parameters: &str,
        filter: Option<&str>,
        pagination_token: Option<&str>,
    ) -> Result<SearchPage, HostError> {
        let prepared = self.prepare(credentials).await?.map_err(HostError::Node)?;
        let parameters = parameters.to_string();
        let redactor = prepared.redactor.clone();
        let guest = prepared.guest.clone();
        let (result, _) = self
            .call(
                self.hooks_for(prepared),
                self.form_deadline(),
                async |node, store| {
                    node.workflow_node_node()
                        .call_list_search(
                            store,
                            method,
                            &guest,
                            &parameters,
                            filter,
                            pagination_token,
                        )
                        .await
                },
            )
            .await?;
        match result {
            Ok(mut page) => {
                page.results.iter_mut().for_each(|o| redactor.option(o));
                page.pagination_token = page.pagination_token.map(|t| redactor.text(&t));
                Ok(page)
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
        let deadline = self.execute_deadline(items).await?;
        let settings = ExecuteSettings {
            continue_on_fail,
            deadline_ms: guest_deadline_ms(deadline),
        };
        let redactor = prepared.redactor.clone();
        let guest = prepared.guest.clone();
        let (result, stats) = self
            .call(self.hooks_for(prepared), deadline, async |node, store| {
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
        Ok(&self.described().await?.credential_models)
    }

    /// The node's time budgets, from its own description (asked once per
    /// loaded component).
    pub async fn budgets(&self) -> Result<&Budgets, HostError> {
        Ok(&self.described().await?.budgets)
    }

    async fn described(&self) -> Result<&Described, HostError> {
        let described = self
            .loaded
            .described
            .get_or_init(async || match self.describe().await {
                Ok(description) => Ok(Described {
                    credential_models: CredentialModels::of(&description)?,
                    budgets: Budgets::of(&description),
                }),
                Err(e) => Err(e.to_string()),
            })
            .await;
        described
            .as_ref()
            .map_err(|e| HostError::Load(format!("the node's description cannot be used: {e}")))
    }

    /// An execute call's deadline: its items' budgets summed, at most
    /// [`HostConfig::max_call_deadline`] and [`HostConfig::call_deadline`],
    /// and never under [`MIN_EXECUTE_DEADLINE`].
    async fn execute_deadline(&self, items: &[InputItem]) -> Result<Duration, HostError> {
        let budget = self
            .budgets()
            .await?
            .call(
                items.iter().map(|i| i.parameters.as_str()),
                self.config.max_call_deadline,
            )
            .max(MIN_EXECUTE_DEADLINE.min(self.config.max_call_deadline));
        Ok(self.shortened(budget))
    }

    /// The deadline of a call that draws the form.
    fn form_deadline(&self) -> Duration {
        self.shortened(self.config.form_deadline)
    }

    /// `deadline`, or the configured call deadline when that is shorter.
    fn shortened(&self, deadline: Duration) -> Duration {
        self.config
            .call_deadline
            .map_or(deadline, |configured| configured.min(deadline))
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
        deadline: Duration,
        f: impl AsyncFnOnce(&WorkflowNode, &mut Store<State>) -> wasmtime::Result<R>,
    ) -> Result<(R, CallStats), HostError> {
        let mut store = Store::new(
            &self.loaded.engine,
            State::new(hooks, self.config.memory_limit),
        );
        store.limiter(|state| &mut state.memory);
        store.set_epoch_deadline(deadline_ticks(deadline));
        store.epoch_deadline_trap();
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
            Ok(Err(e)) => Err(self.classify(e, &store, deadline)),
        }
    }

    fn classify(
        &self,
        error: wasmtime::Error,
        store: &Store<State>,
        deadline: Duration,
    ) -> HostError {
        if error.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
            return HostError::Deadline(deadline);
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
#[path = "node_host_tests.rs"]
mod tests;
