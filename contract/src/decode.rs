//! Decoding contract JSON into typed events, with errors that name the field.
//!
//! The fast path deserializes into a flat struct of optional fields and then validates it. Strings
//! in that struct borrow from the payload where they can ([`Text`]): names that only select an enum
//! value (type, channel, phase, ...) are never allocated, and the payload's UTF-8 is checked once,
//! up front, rather than string by string. When
//! serde rejects the payload (a wrong JSON type, say), a slower diagnostic pass walks the payload as
//! a generic JSON value to say which field was wrong and how.

use crate::event::*;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// Why a payload is not a valid event. `field` is empty for whole-payload errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "field `{}`: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    /// A short, stable code for metrics labels (`dead letters by reason`).
    pub fn reason_code(&self) -> String {
        if self.field.is_empty() {
            "invalid_json".to_string()
        } else if self.message.starts_with("missing") {
            format!("missing_{}", self.field)
        } else {
            format!("invalid_{}", self.field)
        }
    }
}

fn err(field: &str, message: impl Into<String>) -> DecodeError {
    DecodeError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// A string field of the payload: borrowed when it has no escapes, else unescaped into a `String`.
struct Text<'a>(Cow<'a, str>);

impl Text<'_> {
    fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

fn owned(v: Option<Text<'_>>) -> Option<String> {
    v.map(Text::into_string)
}

#[derive(Deserialize)]
struct Wire<'a> {
    #[serde(rename = "type")]
    #[serde(borrow)]
    kind: Option<Text<'a>>,
    #[serde(borrow)]
    event_id: Option<Text<'a>>,
    ts_ms: Option<i64>,
    // transaction
    #[serde(borrow)]
    txn_id: Option<Text<'a>>,
    #[serde(borrow)]
    payer_account: Option<Text<'a>>,
    #[serde(borrow)]
    payer_bank: Option<Text<'a>>,
    #[serde(borrow)]
    payer_phone: Option<Text<'a>>,
    #[serde(borrow)]
    payee_account: Option<Text<'a>>,
    #[serde(borrow)]
    payee_bank: Option<Text<'a>>,
    #[serde(borrow)]
    payee_name: Option<Text<'a>>,
    amount_fen: Option<i64>,
    #[serde(borrow)]
    currency: Option<Text<'a>>,
    #[serde(borrow)]
    channel: Option<Text<'a>>,
    #[serde(borrow)]
    device_id: Option<Text<'a>>,
    #[serde(borrow)]
    ip: Option<Text<'a>>,
    // call
    #[serde(borrow)]
    phase: Option<Text<'a>>,
    #[serde(borrow)]
    call_id: Option<Text<'a>>,
    #[serde(borrow)]
    caller: Option<Text<'a>>,
    #[serde(borrow)]
    callee: Option<Text<'a>>,
    duration_s: Option<i64>,
    #[serde(borrow)]
    caller_kind: Option<Text<'a>>,
    #[serde(borrow)]
    caller_region: Option<Text<'a>>,
    #[serde(borrow)]
    callee_region: Option<Text<'a>>,
    spoof_suspected: Option<bool>,
    // watchlist
    #[serde(borrow)]
    op: Option<Text<'a>>,
    #[serde(borrow)]
    entity: Option<Text<'a>>,
    #[serde(borrow)]
    value: Option<Text<'a>>,
    #[serde(borrow)]
    list: Option<Text<'a>>,
    #[serde(borrow)]
    reason: Option<Text<'a>>,
}

/// Decodes one contract message (one Kafka record value, or one line of a `.jsonl` file).
pub fn decode(bytes: &[u8]) -> Result<Event, DecodeError> {
    let parsed = match std::str::from_utf8(bytes) {
        // valid UTF-8 (the contract's encoding): strings need no further check
        Ok(text) => serde_json::from_str::<Wire>(text),
        // not: the byte-level parser says where, as it always did
        Err(_) => serde_json::from_slice::<Wire>(bytes),
    };
    match parsed {
        Ok(w) => validate(w),
        Err(e) => Err(diagnose(bytes, &e)),
    }
}

fn req<T>(v: Option<T>, field: &str) -> Result<T, DecodeError> {
    v.ok_or_else(|| err(field, "missing required field"))
}

fn req_str(v: Option<Text<'_>>, field: &str) -> Result<String, DecodeError> {
    let s = req(v, field)?;
    if s.0.is_empty() {
        return Err(err(field, "must not be empty"));
    }
    Ok(s.into_string())
}

fn one_of<T: Copy>(
    v: Option<Text<'_>>,
    field: &str,
    names: &[&str],
    values: &[T],
) -> Result<T, DecodeError> {
    let s = req(v, field)?.0;
    match names.iter().position(|n| *n == s) {
        Some(i) => Ok(values[i]),
        None => Err(err(
            field,
            format!("unknown value {s:?}, expected one of {}", names.join(", ")),
        )),
    }
}

fn validate(w: Wire<'_>) -> Result<Event, DecodeError> {
    let kind = req(w.kind, "type")?.0;
    let event_id = req(w.event_id, "event_id")?.into_string();
    let n = event_id.chars().count();
    if n == 0 || n > 128 {
        return Err(err(
            "event_id",
            format!("must be 1-128 characters, got {n}"),
        ));
    }
    let ts_ms = req(w.ts_ms, "ts_ms")?;
    if ts_ms < 0 {
        return Err(err("ts_ms", format!("must not be negative, got {ts_ms}")));
    }
    let body = match &*kind {
        "transaction" => {
            let amount_fen = req(w.amount_fen, "amount_fen")?;
            if amount_fen <= 0 {
                return Err(err(
                    "amount_fen",
                    format!("must be an integer > 0, got {amount_fen}"),
                ));
            }
            EventBody::Transaction(Transaction {
                txn_id: req_str(w.txn_id, "txn_id")?,
                payer_account: req_str(w.payer_account, "payer_account")?,
                payer_bank: req_str(w.payer_bank, "payer_bank")?,
                payer_phone: owned(w.payer_phone).filter(|p| !p.is_empty()),
                payee_account: req_str(w.payee_account, "payee_account")?,
                payee_bank: req_str(w.payee_bank, "payee_bank")?,
                payee_name: owned(w.payee_name),
                amount_fen,
                currency: owned(w.currency),
                channel: one_of(
                    w.channel,
                    "channel",
                    &Channel::NAMES,
                    &[
                        Channel::MobileApp,
                        Channel::OnlineBanking,
                        Channel::Atm,
                        Channel::Counter,
                        Channel::ThirdParty,
                        Channel::Pos,
                    ],
                )?,
                device_id: owned(w.device_id),
                ip: owned(w.ip),
            })
        }
        "call" => {
            let phase = one_of(
                w.phase,
                "phase",
                &["start", "end"],
                &[CallPhase::Start, CallPhase::End],
            )?;
            if let Some(d) = w.duration_s {
                if d < 0 {
                    return Err(err("duration_s", format!("must be >= 0, got {d}")));
                }
            }
            if phase == CallPhase::End && w.duration_s.is_none() {
                return Err(err("duration_s", "missing required field on a call end"));
            }
            EventBody::Call(Call {
                phase,
                call_id: req_str(w.call_id, "call_id")?,
                caller: req_str(w.caller, "caller")?,
                callee: req_str(w.callee, "callee")?,
                duration_s: w.duration_s,
                caller_kind: one_of(
                    w.caller_kind,
                    "caller_kind",
                    &CallerKind::NAMES,
                    &CallerKind::ALL,
                )?,
                caller_region: owned(w.caller_region),
                callee_region: owned(w.callee_region),
                spoof_suspected: w.spoof_suspected,
            })
        }
        "watchlist" => EventBody::Watchlist(Watchlist {
            op: one_of(
                w.op,
                "op",
                &["add", "remove"],
                &[WatchlistOp::Add, WatchlistOp::Remove],
            )?,
            entity: one_of(
                w.entity,
                "entity",
                &["phone", "account"],
                &[WatchlistEntity::Phone, WatchlistEntity::Account],
            )?,
            value: req_str(w.value, "value")?,
            list: req_str(w.list, "list")?,
            reason: owned(w.reason),
        }),
        other => {
            return Err(err(
                "type",
                format!("unknown event type {other:?}, expected transaction, call or watchlist"),
            ))
        }
    };
    Ok(Event {
        event_id,
        ts_ms,
        body,
    })
}

const STRING_FIELDS: [&str; 26] = [
    "type",
    "event_id",
    "txn_id",
    "payer_account",
    "payer_bank",
    "payer_phone",
    "payee_account",
    "payee_bank",
    "payee_name",
    "currency",
    "channel",
    "device_id",
    "ip",
    "phase",
    "call_id",
    "caller",
    "callee",
    "caller_kind",
    "caller_region",
    "callee_region",
    "op",
    "entity",
    "value",
    "list",
    "reason",
    "",
];
const INT_FIELDS: [&str; 3] = ["ts_ms", "amount_fen", "duration_s"];

fn json_kind(v: &Value) -> String {
    let s = v.to_string();
    let shown: String = s.chars().take(40).collect();
    let what = match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(_) => "an out-of-range integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    format!("{what} ({shown})")
}

/// Explains why serde rejected a payload, naming the field where there is one.
fn diagnose(bytes: &[u8], serde_err: &serde_json::Error) -> DecodeError {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return err("", format!("not valid JSON: {e}")),
    };
    let Value::Object(map) = value else {
        return err(
            "",
            format!("expected a JSON object, got {}", json_kind(&value)),
        );
    };
    for (k, v) in &map {
        let k = k.as_str();
        if v.is_null() {
            continue; // an explicit null reads as absent; validation reports required ones
        }
        if STRING_FIELDS.contains(&k) && !k.is_empty() && !v.is_string() {
            return err(k, format!("expected a string, got {}", json_kind(v)));
        }
        if INT_FIELDS.contains(&k) && !(v.is_i64()) {
            return err(k, format!("expected an integer, got {}", json_kind(v)));
        }
        if k == "spoof_suspected" && !v.is_boolean() {
            return err(k, format!("expected a boolean, got {}", json_kind(v)));
        }
    }
    err("", format!("rejected: {serde_err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXN: &str = r#"{"type":"transaction","event_id":"t-0001","ts_ms":1764300180000,"txn_id":"ICBC1","payer_account":"6222","payer_bank":"ICBC","payer_phone":"13912345678","payee_account":"6217","payee_bank":"CCB","payee_name":"安全账户","amount_fen":4980000,"currency":"CNY","channel":"mobile_app","device_id":"dev-77a1","extra":{"x":1}}"#;

    #[test]
    fn decodes_the_contract_examples() {
        let text = include_str!("../../../shared/contract/examples.jsonl");
        let events: Vec<Event> = text
            .lines()
            .map(|l| decode(l.as_bytes()).unwrap())
            .collect();
        assert_eq!(events.len(), 4);
        assert!(matches!(events[0].body, EventBody::Watchlist(_)));
        let EventBody::Call(c) = &events[2].body else {
            panic!()
        };
        assert_eq!(c.duration_s, Some(1140));
        assert_eq!(c.caller_kind, CallerKind::Virtual);
        let EventBody::Transaction(t) = &events[3].body else {
            panic!()
        };
        assert_eq!(t.amount_fen, 4_980_000);
        assert_eq!(events[3].key(), "13912345678");
    }

    #[test]
    fn extra_fields_are_ignored_and_events_round_trip() {
        let e = decode(TXN.as_bytes()).unwrap();
        let again = decode(e.to_json().as_bytes()).unwrap();
        assert_eq!(e, again);
    }

    fn error_of(s: &str) -> String {
        decode(s.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            error_of(&TXN.replace("4980000", "\"4980000\"")),
            "field `amount_fen`: expected an integer, got a string (\"4980000\")"
        );
        assert_eq!(
            error_of(&TXN.replace("4980000", "49800.5")),
            "field `amount_fen`: expected an integer, got a fractional number (49800.5)"
        );
        assert_eq!(
            error_of(&TXN.replace("4980000", "-5")),
            "field `amount_fen`: must be an integer > 0, got -5"
        );
        assert_eq!(
            error_of(&TXN.replace("\"txn_id\":\"ICBC1\",", "")),
            "field `txn_id`: missing required field"
        );
        assert!(error_of(&TXN.replace("mobile_app", "fax"))
            .starts_with("field `channel`: unknown value \"fax\""));
        assert!(error_of(&TXN.replace("transaction", "refund"))
            .starts_with("field `type`: unknown event type"));
        assert!(error_of("{not json").starts_with("not valid JSON"));
        assert!(error_of("[1,2]").starts_with("expected a JSON object"));
        let long_id = "x".repeat(129);
        assert_eq!(
            error_of(&TXN.replace("t-0001", &long_id)),
            "field `event_id`: must be 1-128 characters, got 129"
        );
    }

    #[test]
    fn escaped_strings_are_unescaped_and_bad_utf8_is_rejected() {
        let e = decode(TXN.replace("安全账户", r#"\u5b89\"x\\"#).as_bytes()).unwrap();
        let EventBody::Transaction(t) = &e.body else {
            panic!()
        };
        assert_eq!(t.payee_name.as_deref(), Some("安\"x\\"));
        let esc = TXN.replace("\"mobile_app\"", r#""mobile\u005fapp""#);
        assert!(decode(esc.as_bytes()).is_ok(), "an escaped enum name");
        let mut bad = TXN.as_bytes().to_vec();
        let at = TXN.find("安").unwrap();
        bad[at] = 0xff;
        assert!(decode(&bad)
            .unwrap_err()
            .to_string()
            .starts_with("not valid JSON"));
    }

    #[test]
    fn call_end_needs_duration() {
        let s = r#"{"type":"call","event_id":"c1","ts_ms":1,"phase":"end","call_id":"c","caller":"1","callee":"2","caller_kind":"mobile"}"#;
        assert_eq!(
            error_of(s),
            "field `duration_s`: missing required field on a call end"
        );
        let s2 = s.replace("\"end\"", "\"start\"");
        assert!(decode(s2.as_bytes()).is_ok());
        let s3 = s.replace("\"mobile\"", "\"mobile\",\"spoof_suspected\":\"yes\"");
        assert!(error_of(&s3).starts_with("field `spoof_suspected`: expected a boolean"));
    }
}
