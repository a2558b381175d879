//! The wasmtime engine: async (wasi:http is async), epoch interruption for
//! deadlines, and a ticker thread that advances the epoch.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::config::{HostConfig, POOLED_INSTANCES};

/// How often the epoch advances. A deadline is accurate to about one tick.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Builds the engine for `config`.
pub fn new_engine(config: &HostConfig) -> wasmtime::Result<Engine> {
    let mut c = Config::new();
    c.wasm_component_model(true);
    c.epoch_interruption(true);
    if config.pooling {
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(POOLED_INSTANCES);
        pool.total_core_instances(POOLED_INSTANCES * 4);
        pool.total_memories(POOLED_INSTANCES);
        pool.total_tables(POOLED_INSTANCES * 4);
        // One async stack per concurrent call; the default (1,000) makes
        // creating the engine reserve, and dropping it unmap, 1,000 stacks.
        pool.total_stacks(POOLED_INSTANCES);
        pool.max_memory_size(config.memory_limit);
        c.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    }
    Engine::new(&c)
}

/// Epoch ticks that make up `deadline`: rounded up, plus one because the
/// current tick may be almost over when the call starts.
pub fn deadline_ticks(deadline: Duration) -> u64 {
    let tick = EPOCH_TICK.as_nanos();
    let ticks = deadline.as_nanos().div_ceil(tick) + 1;
    u64::try_from(ticks).unwrap_or(u64::MAX)
}

/// Advances an engine's epoch every [`EPOCH_TICK`] on its own thread. It
/// holds only a weak reference, so it ends when the engine is dropped, or
/// when the ticker itself is.
pub struct EpochTicker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl EpochTicker {
    /// Starts ticking `engine`.
    pub fn start(engine: &Engine) -> std::io::Result<Self> {
        let weak = engine.weak();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("epoch-ticker".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    match weak.upgrade() {
                        Some(engine) => engine.increment_epoch(),
                        None => break,
                    }
                }
            })?;
        Ok(EpochTicker {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_ticks_round_up_and_add_one() {
        assert_eq!(deadline_ticks(Duration::ZERO), 1);
        assert_eq!(deadline_ticks(Duration::from_millis(10)), 2);
        assert_eq!(deadline_ticks(Duration::from_millis(11)), 3);
        assert_eq!(deadline_ticks(Duration::from_secs(60)), 6001);
        assert_eq!(deadline_ticks(Duration::MAX), u64::MAX);
    }
}
