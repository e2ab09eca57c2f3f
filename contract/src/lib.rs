//! The fanzha contract (`shared/contract/README.md`): events in, actions out, topic names.
//!
//! Decoding is strict where the contract is strict (required fields, types, enumerations,
//! `amount_fen > 0`) and lenient where it is lenient (extra fields are ignored). Every error names
//! the field and what was wrong with it, so a dead letter explains itself.

mod action;
mod decode;
mod event;

pub use action::{action_id, Action, ActionKind, ModelPart, Reason, Severity};
pub use decode::{
    decode, normalize_phone, DecodeError, CALL_FIELDS, COMMON_FIELDS, TRANSACTION_FIELDS,
    WATCHLIST_FIELDS,
};
pub use event::{
    Call, CallPhase, CallerKind, Channel, Event, EventBody, Transaction, Watchlist,
    WatchlistEntity, WatchlistOp,
};

/// The `typology` an action gives for mule-network activity rather than a scam on a person
/// (the contract's typology list).
pub const MULE_NETWORK: &str = "mule_network";

/// Kafka topics named by the contract.
pub mod topics {
    pub const TRANSACTIONS: &str = "fz.transactions";
    pub const CALLS: &str = "fz.calls";
    pub const WATCHLIST: &str = "fz.watchlist";
    pub const ACTIONS_BANK: &str = "fz.actions.bank";
    pub const WARNINGS: &str = "fz.warnings";
    pub const DLQ: &str = "fz.dlq";
    /// The input topics, in the order the processor subscribes to them.
    pub const INPUTS: [&str; 3] = [TRANSACTIONS, CALLS, WATCHLIST];
    /// Every topic the contract defines.
    pub const ALL: [&str; 6] = [TRANSACTIONS, CALLS, WATCHLIST, ACTIONS_BANK, WARNINGS, DLQ];
}

/// A dead letter as the contract defines it: `{ source_topic, partition, offset, error, raw }`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeadLetter {
    pub source_topic: String,
    pub partition: i32,
    pub offset: i64,
    pub error: String,
    pub raw: String,
}

/// How much of a bad payload a dead letter keeps.
pub const DEAD_LETTER_RAW_MAX: usize = 64 * 1024;

impl DeadLetter {
    pub fn new(source_topic: &str, partition: i32, offset: i64, error: String, raw: &[u8]) -> Self {
        let mut cut = raw.len().min(DEAD_LETTER_RAW_MAX);
        let text = loop {
            match std::str::from_utf8(&raw[..cut]) {
                Ok(s) => break s.to_string(),
                Err(e) if e.error_len().is_none() => cut = e.valid_up_to(),
                Err(_) => break String::from_utf8_lossy(&raw[..cut]).into_owned(),
            }
        };
        DeadLetter {
            source_topic: source_topic.to_string(),
            partition,
            offset,
            error,
            raw: text,
        }
    }
}

/// Masks a phone or account number for logs: keeps the last 4 characters.
pub fn mask(value: &str) -> String {
    let n = value.chars().count();
    if n <= 4 {
        return "*".repeat(n);
    }
    let tail: String = value.chars().skip(n - 4).collect();
    format!("{}{}", "*".repeat(n - 4), tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_last_four() {
        assert_eq!(mask("13912345678"), "*******5678");
        assert_eq!(mask("123"), "***");
    }

    #[test]
    fn dead_letter_cuts_on_char_boundary() {
        let raw = "安".repeat(DEAD_LETTER_RAW_MAX); // 3 bytes each
        let dl = DeadLetter::new("fz.calls", 0, 7, "bad".into(), raw.as_bytes());
        assert!(dl.raw.len() <= DEAD_LETTER_RAW_MAX);
        assert!(dl.raw.chars().all(|c| c == '安'));
    }
}
