//! How long an `execute` call may take, from what the node declares
//! (`node-description.time-budgets` and `item-budget-ms`), never from a
//! parameter the host guesses at: each item's budget, summed, capped by the
//! host's own limit.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::bindings::{DisplayCondition, NodeDescription, TimeBudget};

/// A node's time budgets, as its description declares them, with the
/// defaults of its top-level properties (an item that leaves one unset is
/// judged by its default, as the node reads it).
#[derive(Debug, Clone, Default)]
pub struct Budgets {
    item_ms: u64,
    entries: Vec<TimeBudget>,
    defaults: Map<String, Value>,
}

impl Budgets {
    /// The budgets `description` declares.
    pub fn of(description: &NodeDescription) -> Self {
        let defaults = description
            .properties
            .iter()
            .filter(|p| p.parent.is_none())
            .filter_map(|p| Some((p.name.clone(), serde_json::from_str(&p.default).ok()?)))
            .collect();
        Budgets {
            item_ms: description.item_budget_ms,
            entries: description.time_budgets.clone(),
            defaults,
        }
    }

    /// One item's budget, in ms: the first entry whose conditions all hold
    /// on `parameters` (the item's resolved parameters, a JSON object),
    /// its parameter's value when the item sets it to a positive number of
    /// ms (else its `default-ms`), plus its `extra-ms`; `item-budget-ms`
    /// when no entry matches.
    pub fn item_ms(&self, parameters: &Value) -> u64 {
        let Some(entry) = self
            .entries
            .iter()
            .find(|e| e.when.iter().all(|c| self.holds(c, parameters)))
        else {
            return self.item_ms;
        };
        let set = entry
            .parameter
            .as_deref()
            .and_then(|path| lookup(parameters, path))
            .and_then(positive_ms);
        set.unwrap_or(entry.default_ms)
            .saturating_add(entry.extra_ms)
    }

    /// The deadline of a call over items with these parameters (JSON texts;
    /// one that does not parse has no parameter set): the sum of their
    /// budgets, at most `cap`.
    pub fn call<'a>(
        &self,
        parameters: impl IntoIterator<Item = &'a str>,
        cap: Duration,
    ) -> Duration {
        let total = parameters.into_iter().fold(0u64, |sum, text| {
            let value = serde_json::from_str(text).unwrap_or(Value::Null);
            sum.saturating_add(self.item_ms(&value))
        });
        Duration::from_millis(total).min(cap)
    }

    fn holds(&self, condition: &DisplayCondition, parameters: &Value) -> bool {
        let value = lookup(parameters, &condition.property).or_else(|| {
            // Only a top-level property has a default the host knows.
            (!condition.property.contains('.'))
                .then(|| self.defaults.get(&condition.property))
                .flatten()
        });
        let Some(value) = value else {
            return false;
        };
        condition
            .values
            .iter()
            .filter_map(|v| serde_json::from_str::<Value>(v).ok())
            .any(|v| &v == value)
    }
}

/// The value at a dotted path (`options.timeout`) in a JSON object.
fn lookup<'a>(parameters: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(parameters, |value, key| value.as_object()?.get(key))
}

/// A positive number of milliseconds, rounded up; anything else is unset.
fn positive_ms(value: &Value) -> Option<u64> {
    if let Some(ms) = value.as_u64() {
        return (ms > 0).then_some(ms);
    }
    let ms = value.as_f64()?;
    // `as` saturates: a huge value becomes u64::MAX, which the cap bounds.
    (ms.is_finite() && ms > 0.0).then(|| ms.ceil() as u64)
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
