//! `execute`: every item's parameters are checked first, then each valid item
//! runs its operation ([`crate::operations`]) in order. Without continue-on-fail, a bad parameter anywhere
//! stops the call before any request is made (so no session is forced for a
//! batch that would fail anyway), and the first failing request ends it.
//! Every request is bounded by the call's deadline as well as its own timeout.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::api::Api;
use crate::credentials::Credentials;
use crate::error::{NodeError, Result};
use crate::operations::{self, Planned};
use crate::scan::Binary;

/// One input item, as the node reads it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The item's JSON (must be an object; its content is not used by the operations).
    pub json: &'a str,
    /// The item's parameters, a JSON object.
    pub parameters: &'a str,
}

/// One output item.
#[derive(Debug, Clone, PartialEq)]
pub struct Produced {
    /// The index of the input item it comes from.
    pub paired_item: u32,
    /// The JSON object, as text (`{}` for a failed item: `error` is its one copy).
    pub json: String,
    /// Its files.
    pub binary: Vec<Binary>,
    /// With continue-on-fail: the error the item failed with.
    pub error: Option<NodeError>,
}

/// When the call must be over, as the host's `execute-settings` says.
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
}

/// How to run one call.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Failed items become error items, and the rest go on.
    pub continue_on_fail: bool,
    /// When the call must be over.
    pub deadline: Deadline,
}

/// Runs each item's operation over `items` with the credential `credentials` (its JSON data).
pub fn execute(credentials: &str, items: &[Input<'_>], run: Run) -> Result<Vec<Produced>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let credentials = match Credentials::parse(credentials) {
        Ok(c) => c,
        Err(e) if run.continue_on_fail => {
            return Ok(indexes(items)
                .map(|i| failed(i, e.clone().for_item(i)))
                .collect());
        }
        Err(e) => return Err(e),
    };
    let checked: Vec<Result<Planned>> = items.iter().map(check).collect();
    if !run.continue_on_fail
        && let Some((i, Err(e))) = indexes(items).zip(&checked).find(|(_, c)| c.is_err())
    {
        return Err(e.clone().for_item(i));
    }
    let api = Api::new(&credentials);
    let mut produced = Vec::with_capacity(items.len());
    for (i, params) in indexes(items).zip(checked) {
        let outcome = params.and_then(|p| operations::run(&api, &p, &run.deadline));
        match outcome {
            Ok(output) => produced.push(Produced {
                paired_item: i,
                json: Value::Object(output.json).to_string(),
                binary: output.binary,
                error: None,
            }),
            Err(e) if run.continue_on_fail => produced.push(failed(i, e.for_item(i))),
            Err(e) => return Err(e.for_item(i)),
        }
    }
    Ok(produced)
}

fn indexes(items: &[Input<'_>]) -> impl Iterator<Item = u32> {
    // WIT lists are indexed by u32; a host cannot pass more items than that.
    (0..items.len()).map(|i| u32::try_from(i).unwrap_or(u32::MAX))
}

fn check(item: &Input<'_>) -> Result<Planned> {
    match serde_json::from_str::<Value>(item.json) {
        Ok(Value::Object(_)) => operations::read(item.parameters),
        _ => Err(NodeError::invalid_parameter(
            "The item's JSON must be an object; the host passed something else.",
        )),
    }
}

/// The output item that stands for a failed input item: an empty JSON
/// object and the error, which hosts render as their users expect.
fn failed(index: u32, error: NodeError) -> Produced {
    Produced {
        paired_item: index,
        json: "{}".into(),
        binary: Vec::new(),
        error: Some(error),
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
    }
}
