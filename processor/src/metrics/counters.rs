//! Event, action, dead-letter and rule-hit counters.

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct Counters {
    /// (event type, source topic or file) → count
    pub events: BTreeMap<(&'static str, &'static str), u64>,
    /// (kind, severity) → count
    pub actions: BTreeMap<(&'static str, &'static str), u64>,
    /// reason code → count
    pub dead_letters: BTreeMap<String, u64>,
    /// rule id → hits (live and shadow)
    pub rule_hits: BTreeMap<String, u64>,
    pub shadow_hits: u64,
    pub warnings_suppressed_by_cooldown: u64,
    pub duplicates_suppressed: u64,
    /// Events not scored because their `event_id` or `txn_id` already was.
    pub repeats_skipped: u64,
    pub rule_reloads: u64,
    pub rule_reload_failures: u64,
    pub model_reloads: u64,
    pub model_reload_failures: u64,
}

impl Counters {
    pub fn event(&mut self, kind: &'static str, source: &'static str) {
        bump(&mut self.events, (kind, source));
    }
    pub fn action(&mut self, kind: &'static str, severity: &'static str) {
        bump(&mut self.actions, (kind, severity));
    }
    pub fn dead_letter(&mut self, reason: String) {
        bump(&mut self.dead_letters, reason);
    }
    pub fn rule_hit(&mut self, rule: &str) {
        if let Some(n) = self.rule_hits.get_mut(rule) {
            *n += 1;
        } else {
            self.rule_hits.insert(rule.to_string(), 1);
        }
    }
    pub fn events_total(&self) -> u64 {
        self.events.values().sum()
    }
    pub fn actions_of(&self, kind: &str) -> u64 {
        self.actions
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .map(|(_, n)| n)
            .sum()
    }
    pub fn merge(&mut self, other: &Counters) {
        for (k, v) in &other.events {
            *self.events.entry(*k).or_default() += v;
        }
        for (k, v) in &other.actions {
            *self.actions.entry(*k).or_default() += v;
        }
        for (k, v) in &other.dead_letters {
            *self.dead_letters.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.rule_hits {
            *self.rule_hits.entry(k.clone()).or_default() += v;
        }
        self.shadow_hits += other.shadow_hits;
        self.warnings_suppressed_by_cooldown += other.warnings_suppressed_by_cooldown;
        self.duplicates_suppressed += other.duplicates_suppressed;
        self.repeats_skipped += other.repeats_skipped;
        self.rule_reloads += other.rule_reloads;
        self.rule_reload_failures += other.rule_reload_failures;
        self.model_reloads += other.model_reloads;
        self.model_reload_failures += other.model_reload_failures;
    }
}

fn bump<K: Ord>(map: &mut BTreeMap<K, u64>, k: K) {
    *map.entry(k).or_default() += 1;
}
