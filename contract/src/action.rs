//! Actions: what fanzha asks banks and police desks to do.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// 止付: hold this transfer.
    StopPayment,
    /// 冻结: the account is a mule.
    FreezeAccount,
    /// 预警: a person is being scammed now; call them.
    EarlyWarning,
}

impl ActionKind {
    pub const ALL: [ActionKind; 3] = [
        ActionKind::StopPayment,
        ActionKind::FreezeAccount,
        ActionKind::EarlyWarning,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::StopPayment => "stop_payment",
            ActionKind::FreezeAccount => "freeze_account",
            ActionKind::EarlyWarning => "early_warning",
        }
    }
    /// Bank actions go to `fz.actions.bank`, warnings to `fz.warnings`.
    pub fn topic(self) -> &'static str {
        match self {
            ActionKind::EarlyWarning => crate::topics::WARNINGS,
            _ => crate::topics::ACTIONS_BANK,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub rule: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelPart {
    pub id: String,
    pub version: String,
    pub score: f64,
}

/// One action, serialized with exactly the contract's field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub action_id: String,
    pub kind: ActionKind,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub txn_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub typology: String,
    pub score: f64,
    pub reasons: Vec<Reason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelPart>,
    pub ruleset_version: String,
    pub trigger_event_id: String,
    pub trigger_ts_ms: i64,
    pub emitted_ts_ms: i64,
}

impl Action {
    /// The record key the contract names: the bank for bank actions, the phone for warnings.
    pub fn key(&self) -> &str {
        match self.kind {
            ActionKind::EarlyWarning => self.phone.as_deref().unwrap_or(""),
            _ => self.bank.as_deref().unwrap_or(""),
        }
    }

    /// The thing acted on: the transfer, the account or the phone.
    pub fn target(&self) -> &str {
        match self.kind {
            ActionKind::StopPayment => self.txn_id.as_deref().unwrap_or(""),
            ActionKind::FreezeAccount => self.account.as_deref().unwrap_or(""),
            ActionKind::EarlyWarning => self.phone.as_deref().unwrap_or(""),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("actions always serialize")
    }
}

/// The deterministic id of an action: a 128-bit FNV-1a hash of (kind, target, trigger event id),
/// so replaying the same events yields the same ids and receivers can drop duplicates.
pub fn action_id(kind: ActionKind, target: &str, trigger_event_id: &str) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for part in [kind.as_str(), target, trigger_event_id] {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            h ^= b as u128;
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("fz-{:032x}", h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_ids_are_deterministic_and_distinct() {
        let a = action_id(ActionKind::StopPayment, "ICBC1", "t-1");
        assert_eq!(a, action_id(ActionKind::StopPayment, "ICBC1", "t-1"));
        assert_ne!(a, action_id(ActionKind::EarlyWarning, "ICBC1", "t-1"));
        assert_ne!(a, action_id(ActionKind::StopPayment, "ICBC", "1t-1"));
        assert_eq!(a.len(), 35);
    }

    #[test]
    fn serializes_contract_names() {
        let a = Action {
            action_id: "x".into(),
            kind: ActionKind::EarlyWarning,
            severity: Severity::Critical,
            bank: None,
            account: None,
            txn_id: None,
            amount_fen: None,
            phone: Some("13912345678".into()),
            typology: "impersonation_police".into(),
            score: 0.97,
            reasons: vec![Reason {
                rule: "r".into(),
                detail: "d".into(),
            }],
            model: None,
            ruleset_version: "v".into(),
            trigger_event_id: "c-1".into(),
            trigger_ts_ms: 5,
            emitted_ts_ms: 6,
        };
        let j: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
        assert_eq!(j["kind"], "early_warning");
        assert_eq!(j["severity"], "critical");
        assert_eq!(j["phone"], "13912345678");
        assert_eq!(j["reasons"][0]["rule"], "r");
        assert!(j.get("bank").is_none());
        assert_eq!(a.key(), "13912345678");
        assert_eq!(ActionKind::EarlyWarning.topic(), "fz.warnings");
    }
}
