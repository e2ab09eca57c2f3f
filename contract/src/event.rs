//! Typed events. Field names follow the contract exactly; serialization writes contract JSON.

use serde::{Deserialize, Serialize};

/// One decoded event: the common fields and the typed body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub event_id: String,
    pub ts_ms: i64,
    #[serde(flatten)]
    pub body: EventBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventBody {
    Transaction(Transaction),
    Call(Call),
    Watchlist(Watchlist),
}

impl Event {
    pub fn type_name(&self) -> &'static str {
        match self.body {
            EventBody::Transaction(_) => "transaction",
            EventBody::Call(_) => "call",
            EventBody::Watchlist(_) => "watchlist",
        }
    }

    /// The topic this event belongs on.
    pub fn topic(&self) -> &'static str {
        match self.body {
            EventBody::Transaction(_) => crate::topics::TRANSACTIONS,
            EventBody::Call(_) => crate::topics::CALLS,
            EventBody::Watchlist(_) => crate::topics::WATCHLIST,
        }
    }

    /// The record key the contract names for this event's topic.
    pub fn key(&self) -> &str {
        match &self.body {
            EventBody::Transaction(t) => t.payer_phone.as_deref().unwrap_or(&t.payer_account),
            EventBody::Call(c) => &c.callee,
            EventBody::Watchlist(w) => &w.value,
        }
    }

    /// Contract JSON for this event (one line, no trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("events always serialize")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    pub txn_id: String,
    pub payer_account: String,
    pub payer_bank: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_phone: Option<String>,
    pub payee_account: String,
    pub payee_bank: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee_name: Option<String>,
    pub amount_fen: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    MobileApp,
    OnlineBanking,
    Atm,
    Counter,
    ThirdParty,
    Pos,
}

impl Channel {
    pub const NAMES: [&'static str; 6] = [
        "mobile_app",
        "online_banking",
        "atm",
        "counter",
        "third_party",
        "pos",
    ];
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub phase: CallPhase,
    pub call_id: String,
    pub caller: String,
    pub callee: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<i64>,
    pub caller_kind: CallerKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callee_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoof_suspected: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallPhase {
    Start,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallerKind {
    Mobile,
    Landline,
    Virtual,
    International,
    Voip,
    Unknown,
}

impl CallerKind {
    /// Every kind, in the order of [`CallerKind::NAMES`].
    pub const ALL: [CallerKind; 6] = [
        CallerKind::Mobile,
        CallerKind::Landline,
        CallerKind::Virtual,
        CallerKind::International,
        CallerKind::Voip,
        CallerKind::Unknown,
    ];
    pub const NAMES: [&'static str; 6] = [
        "mobile",
        "landline",
        "virtual",
        "international",
        "voip",
        "unknown",
    ];
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The kinds of number scam call centres call from: virtual (170/171), international, VoIP
    /// or unknown.
    pub fn is_risky(self) -> bool {
        matches!(
            self,
            CallerKind::Virtual
                | CallerKind::International
                | CallerKind::Voip
                | CallerKind::Unknown
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Watchlist {
    pub op: WatchlistOp,
    pub entity: WatchlistEntity,
    pub value: String,
    pub list: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchlistOp {
    Add,
    Remove,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchlistEntity {
    Phone,
    Account,
}

#[cfg(test)]
mod tests {
    use super::CallerKind;

    #[test]
    fn caller_kinds_are_listed_in_declaration_order() {
        // `as_str` and the state's packed call tags index NAMES and ALL by the enum's value.
        for (i, k) in CallerKind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert_eq!(
                serde_json::to_string(k).unwrap(),
                format!("\"{}\"", CallerKind::NAMES[i])
            );
        }
    }

    #[test]
    fn the_risky_kinds_are_the_ones_call_centres_use() {
        let risky: Vec<_> = CallerKind::ALL
            .iter()
            .filter(|k| k.is_risky())
            .map(|k| k.as_str())
            .collect();
        assert_eq!(risky, ["virtual", "international", "voip", "unknown"]);
    }
}
