//! The call's deadline, as the host's `execute-settings.deadline-ms` gives it.

use std::time::{Duration, Instant};

use crate::error::{ErrorKind, NodeError, Result};

/// When the call must be over.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    end: Option<Instant>,
}

impl Deadline {
    /// `ms` milliseconds from now; 0 means the host set none.
    pub fn after_ms(ms: u64) -> Self {
        Deadline {
            end: (ms > 0).then(|| Instant::now() + Duration::from_millis(ms)),
        }
    }

    /// No deadline.
    pub fn none() -> Self {
        Deadline { end: None }
    }

    /// `wanted`, shortened to what is left of the call; `None` when nothing is.
    pub fn bound(&self, wanted: Duration) -> Option<Duration> {
        match self.end {
            None => Some(wanted),
            Some(end) => {
                let left = end.saturating_duration_since(Instant::now());
                (!left.is_zero()).then(|| wanted.min(left))
            }
        }
    }

    /// `wanted`, cut to what is left of the call; a timeout error when nothing is.
    pub fn within(&self, wanted: Duration) -> Result<Duration> {
        self.bound(wanted).ok_or_else(|| {
            NodeError::new(
                ErrorKind::Timeout,
                "The call's time ran out before this item could be sent. Run fewer items at once, or ask the host for a longer deadline.",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_shortens_timeouts_and_ends_at_zero() {
        let long = Duration::from_secs(600);
        assert_eq!(Deadline::none().bound(long), Some(long));
        assert_eq!(Deadline::after_ms(0).bound(long), Some(long));
        let soon = Deadline::after_ms(50_000).bound(long).unwrap();
        assert!(soon <= Duration::from_millis(50_000) && soon > Duration::from_millis(49_000));
        let short = Duration::from_millis(10);
        assert_eq!(Deadline::after_ms(50_000).bound(short), Some(short));
        let past = Deadline {
            end: Some(Instant::now()),
        };
        assert_eq!(past.bound(long), None);
        assert_eq!(past.within(long).unwrap_err().kind, ErrorKind::Timeout);
    }
}
