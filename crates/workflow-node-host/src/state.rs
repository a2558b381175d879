//! What a store holds for one call: the WASI context (no environment, no
//! directories, captured stderr), the HTTP context and its policy hooks,
//! and the memory limiter.

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use crate::hooks::PolicyHooks;

/// How much of the guest's stderr is kept.
const STDERR_CAPACITY: usize = 64 * 1024;

/// The store's data for one call.
pub struct State {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    /// The network policy of this call.
    pub hooks: PolicyHooks,
    /// The memory cap and what the guest used.
    pub memory: MemoryLimiter,
    /// What the guest wrote to stderr.
    pub stderr: MemoryOutputPipe,
}

impl State {
    /// A fresh state: nothing inherited from the host process.
    pub fn new(hooks: PolicyHooks, memory_limit: usize) -> Self {
        let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
        let wasi = WasiCtx::builder().stderr(stderr.clone()).build();
        State {
            wasi,
            http: WasiHttpCtx::new(),
            table: ResourceTable::new(),
            hooks,
            memory: MemoryLimiter::new(memory_limit),
            stderr,
        }
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for State {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}

/// Caps linear memory, and remembers the peak and whether growth was refused.
#[derive(Debug)]
pub struct MemoryLimiter {
    limit: usize,
    peak: usize,
    refused: bool,
}

impl MemoryLimiter {
    fn new(limit: usize) -> Self {
        MemoryLimiter {
            limit,
            peak: 0,
            refused: false,
        }
    }

    /// The largest size the guest's memory reached, in bytes.
    pub fn peak(&self) -> usize {
        self.peak
    }

    /// Whether the guest asked for more than the cap.
    pub fn refused(&self) -> bool {
        self.refused
    }
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.limit {
            self.refused = true;
            return Ok(false);
        }
        self.peak = self.peak.max(desired);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // Tables hold function references; a QR node needs few.
        Ok(desired <= 100_000)
    }
}
