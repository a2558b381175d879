//! The host's limits, in one place, with their defaults.

use std::path::PathBuf;
use std::time::Duration;

use crate::proxy::ProxyConfig;

/// Default cap on the guest's linear memory: 64 MiB. A QR scan needs a few
/// MiB (the API body is capped at 4 MiB inside the component), so this
/// leaves room for large batches while bounding a runaway guest.
pub const DEFAULT_MEMORY_LIMIT: usize = 64 * 1024 * 1024;
/// Default deadline of a call that only draws the form (describe,
/// load-options, list-search): 60 s. An execute call's deadline comes from
/// the node's time budgets instead.
pub const DEFAULT_FORM_DEADLINE: Duration = Duration::from_secs(60);
/// Default cap on an execute call's deadline, whatever its items' budgets
/// add up to: 15 minutes.
pub const DEFAULT_MAX_CALL_DEADLINE: Duration = Duration::from_secs(15 * 60);
/// Default bound on each HTTP request the guest makes: connecting, waiting
/// for the first byte, and between bytes: 30 s.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Default time a pooled connection may stay idle before it is closed: 30 s
/// (under the 60 s or more most servers and load balancers keep one open,
/// so the host rarely reuses one the server is closing).
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on a response body the host carries: 16 MiB (nodes cap
/// their own reads lower; this bounds a node that does not).
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 16 * 1024 * 1024;

/// Concurrent calls the pooling allocator has slots for; one more waits for
/// none but fails to instantiate.
pub const POOLED_INSTANCES: u32 = 64;

/// Limits applied to every call.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// The most linear memory the guest may grow to, in bytes.
    pub memory_limit: usize,
    /// How long a describe, load-options or list-search call may take,
    /// wall clock; past it the call traps.
    pub form_deadline: Duration,
    /// The most an execute call may take, wall clock, however long its
    /// items' time budgets (`node-description.time-budgets`) add up to.
    pub max_call_deadline: Duration,
    /// A deadline for every call, set by whoever runs the host: when set, a
    /// call's deadline is the smaller of this and the one the host computes.
    pub call_deadline: Option<Duration>,
    /// How long each HTTP request may wait to connect, for its first byte,
    /// and between bytes; the guest may ask for less, never for more.
    pub request_timeout: Duration,
    /// Origins (`https://host:port`) an administrator lets credentials point
    /// at; `None` lets each call reach its own credential's origin, whatever
    /// it is. A credential outside the list gets no network access at all.
    pub allowed_origins: Option<Vec<String>>,
    /// Use the pooling instance allocator: instantiation about a third
    /// faster, with slots for [`POOLED_INSTANCES`] concurrent calls whose
    /// address space is reserved up front (virtual memory, not resident).
    pub pooling: bool,
    /// Extra CA bundles (PEM files) trusted besides the platform's roots: a
    /// private gateway's CA, a TLS-inspecting proxy's.
    pub ca_certs: Vec<PathBuf>,
    /// The proxies requests go through; none by default
    /// ([`ProxyConfig::from_env`] reads `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`).
    pub proxy: ProxyConfig,
    /// How long a pooled connection may stay idle before it is closed.
    pub pool_idle_timeout: Duration,
    /// The largest response body the host carries to the guest, in bytes.
    pub max_response_body: u64,
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig {
            memory_limit: DEFAULT_MEMORY_LIMIT,
            form_deadline: DEFAULT_FORM_DEADLINE,
            max_call_deadline: DEFAULT_MAX_CALL_DEADLINE,
            call_deadline: None,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            allowed_origins: None,
            pooling: true,
            ca_certs: Vec::new(),
            proxy: ProxyConfig::default(),
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }
}
