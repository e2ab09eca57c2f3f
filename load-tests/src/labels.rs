//! Ground truth, kept apart from the events: who was scammed, which transfers were scams, which
//! accounts are mules. Written as `labels.jsonl`, one object per line with a `kind`:
//! `meta` (`persons`), `victim`, `scam_txn`, `mule`.

use serde::{Deserialize, Serialize};
use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;

/// The five scam typologies, in report order.
pub const TYPOLOGIES: [&str; 5] = [
    "impersonation_police",
    "fake_customer_service",
    "task_rebate",
    "fake_investment",
    "loan_scam",
];
/// The typology name for mule-network activity.
pub use fanzha_contract::MULE_NETWORK;

/// Chinese name of a typology, for reports.
pub fn typology_zh(t: &str) -> &'static str {
    match t {
        "impersonation_police" => "冒充公检法",
        "fake_customer_service" => "冒充客服",
        "task_rebate" => "刷单返利",
        "fake_investment" => "虚假投资理财",
        "loan_scam" => "虚假贷款",
        "mule_network" => "洗钱账户网络",
        _ => "其他",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VictimLabel {
    pub phone: String,
    pub account: String,
    pub typology: String,
    /// The victim's first scam transfer of at least ¥5,000, or their largest if none is that large.
    pub first_large_txn_id: String,
    pub first_large_ts_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScamTxnLabel {
    pub txn_id: String,
    pub typology: String,
    pub victim_phone: String,
    pub ts_ms: i64,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MuleLabel {
    pub account: String,
    /// 1 receives from victims, 2 from layer 1, 3 from layer 2.
    pub layer: u8,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    pub victims: Vec<VictimLabel>,
    pub scam_txns: Vec<ScamTxnLabel>,
    pub mules: Vec<MuleLabel>,
    /// How many persons (phones) exist, victims included.
    pub persons: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Line {
    Meta { persons: u64 },
    Victim(VictimLabel),
    ScamTxn(ScamTxnLabel),
    Mule(MuleLabel),
}

impl Labels {
    /// The first scam transfer of at least this much decides whether a victim was protected.
    pub const LARGE_FEN: i64 = 500_000;

    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut put = |l: &Line| -> io::Result<()> {
            serde_json::to_writer(&mut *out, l)?;
            out.write_all(b"\n")
        };
        put(&Line::Meta {
            persons: self.persons,
        })?;
        for v in &self.victims {
            put(&Line::Victim(v.clone()))?;
        }
        for t in &self.scam_txns {
            put(&Line::ScamTxn(t.clone()))?;
        }
        for m in &self.mules {
            put(&Line::Mule(m.clone()))?;
        }
        Ok(())
    }

    pub fn write_jsonl(&self, path: impl AsRef<Path>) -> io::Result<()> {
        let mut w = BufWriter::new(std::fs::File::create(path)?);
        self.write_to(&mut w)?;
        w.flush()
    }

    pub fn read_from(r: impl BufRead) -> io::Result<Labels> {
        let mut l = Labels::default();
        for (n, line) in r.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let parsed: Line = serde_json::from_str(&line).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("labels line {}: {e}", n + 1),
                )
            })?;
            match parsed {
                Line::Meta { persons } => l.persons = persons,
                Line::Victim(v) => l.victims.push(v),
                Line::ScamTxn(t) => l.scam_txns.push(t),
                Line::Mule(m) => l.mules.push(m),
            }
        }
        Ok(l)
    }

    pub fn read_jsonl(path: impl AsRef<Path>) -> io::Result<Labels> {
        Labels::read_from(io::BufReader::new(std::fs::File::open(path)?))
    }

    /// Fills in each victim's first large transfer from their scam transfers.
    pub(crate) fn finish_victims(&mut self) {
        for v in &mut self.victims {
            let mut mine: Vec<&ScamTxnLabel> = self
                .scam_txns
                .iter()
                .filter(|t| t.victim_phone == v.phone)
                .collect();
            mine.sort_by_key(|t| t.ts_ms);
            let first = mine
                .iter()
                .find(|t| t.amount_fen >= Labels::LARGE_FEN)
                .or_else(|| mine.iter().max_by_key(|t| (t.amount_fen, -t.ts_ms)));
            if let Some(t) = first {
                v.first_large_txn_id = t.txn_id.clone();
                v.first_large_ts_ms = t.ts_ms;
            }
        }
    }
}
