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

/// Earliest and latest event times taken as milliseconds since the epoch (2000-01-01 and
/// 2100-01-01 UTC): a time in seconds, or one with a digit too many, is outside them.
pub const TS_MS_MIN: i64 = 946_684_800_000;
pub const TS_MS_MAX: i64 = 4_102_444_800_000;

/// Decodes one contract message (one Kafka record value, or one line of a `.jsonl` file).
/// A UTF-8 byte-order mark in front (some editors and exports write one) is skipped.
pub fn decode(bytes: &[u8]) -> Result<Event, DecodeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let parsed = match std::str::from_utf8(bytes) {
        // valid UTF-8 (the contract's encoding): strings need no further check
        Ok(text) => serde_json::from_str::<Wire>(text),
        // not: the byte-level parser says where, as it always did
        Err(_) => serde_json::from_slice::<Wire>(bytes),
    };
    match parsed {
        Ok(w) => validate(w),
        Err(e) => match diagnose(bytes, &e) {
            Diagnosis::Error(e) => Err(e),
            // a field this event type does not have, of a type its namesake elsewhere does not
            // take: the contract says extra fields are ignored, so decode the event without it
            // (once: the payload has no such field left, so its errors are diagnosed as usual)
            Diagnosis::WithoutForeignFields(cleaned) => decode(&cleaned),
        },
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

/// A required phone number, normalised (see [`normalize_phone`]).
fn phone_str(v: Option<Text<'_>>, field: &str) -> Result<String, DecodeError> {
    let p = normalize_phone(req_str(v, field)?);
    if p.is_empty() {
        return Err(err(field, "has no digits"));
    }
    Ok(p)
}

/// One spelling per phone number, so that an operator's `+8613912345678` and a bank's
/// `13912345678` are the same person: spaces, dashes, dots and brackets are dropped, and the
/// country code (`+86`, `0086`, `86`) in front of an 11-digit mainland mobile number (`1…`).
/// Other numbers (landlines, service lines, foreign numbers) keep their prefix.
pub fn normalize_phone(mut p: String) -> String {
    if p.bytes()
        .any(|b| matches!(b, b' ' | b'-' | b'.' | b'(' | b')'))
    {
        p.retain(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'));
    }
    for prefix in ["+86", "0086", "86"] {
        if let Some(rest) = p.strip_prefix(prefix) {
            if rest.len() == 11 && rest.starts_with('1') && rest.bytes().all(|b| b.is_ascii_digit())
            {
                p.drain(..prefix.len());
                break;
            }
        }
    }
    p
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
    if !(TS_MS_MIN..TS_MS_MAX).contains(&ts_ms) {
        return Err(err(
            "ts_ms",
            format!(
                "{ts_ms} is not a time in milliseconds since 1970 between the years 2000 and 2100{}",
                if (TS_MS_MIN / 1000..TS_MS_MAX / 1000).contains(&ts_ms) {
                    " (it looks like seconds)"
                } else {
                    ""
                }
            ),
        ));
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
            if let Some(c) = &w.currency {
                if !c.0.eq_ignore_ascii_case("CNY") && !c.0.eq_ignore_ascii_case("RMB") {
                    return Err(err(
                        "currency",
                        format!(
                            "{:?} is not supported: amounts are scored as CNY fen, and a foreign \
                             amount would be read as yuan",
                            c.0
                        ),
                    ));
                }
            }
            EventBody::Transaction(Transaction {
                txn_id: req_str(w.txn_id, "txn_id")?,
                payer_account: req_str(w.payer_account, "payer_account")?,
                payer_bank: req_str(w.payer_bank, "payer_bank")?,
                payer_phone: owned(w.payer_phone)
                    .map(normalize_phone)
                    .filter(|p| !p.is_empty()),
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
                caller: phone_str(w.caller, "caller")?,
                callee: phone_str(w.callee, "callee")?,
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
        "watchlist" => {
            let entity = one_of(
                w.entity,
                "entity",
                &["phone", "account"],
                &[WatchlistEntity::Phone, WatchlistEntity::Account],
            )?;
            EventBody::Watchlist(Watchlist {
                op: one_of(
                    w.op,
                    "op",
                    &["add", "remove"],
                    &[WatchlistOp::Add, WatchlistOp::Remove],
                )?,
                entity,
                value: match entity {
                    WatchlistEntity::Phone => phone_str(w.value, "value")?,
                    WatchlistEntity::Account => req_str(w.value, "value")?,
                },
                list: req_str(w.list, "list")?,
                reason: owned(w.reason),
            })
        }
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

const INT_FIELDS: [&str; 3] = ["ts_ms", "amount_fen", "duration_s"];

/// Fields that hold a phone or account number (or a name): an error shows them masked, since
/// errors go to logs.
const IDENTIFYING: [&str; 8] = [
    "payer_account",
    "payer_phone",
    "payee_account",
    "payee_name",
    "caller",
    "callee",
    "value",
    "device_id",
];

/// The fields every event has.
pub const COMMON_FIELDS: [&str; 3] = ["type", "event_id", "ts_ms"];
/// The fields of each event type (besides the common ones), as the contract lists them.
pub const TRANSACTION_FIELDS: [&str; 12] = [
    "txn_id",
    "payer_account",
    "payer_bank",
    "payer_phone",
    "payee_account",
    "payee_bank",
    "payee_name",
    "amount_fen",
    "currency",
    "channel",
    "device_id",
    "ip",
];
pub const CALL_FIELDS: [&str; 9] = [
    "phase",
    "call_id",
    "caller",
    "callee",
    "duration_s",
    "caller_kind",
    "caller_region",
    "callee_region",
    "spoof_suspected",
];
pub const WATCHLIST_FIELDS: [&str; 5] = ["op", "entity", "value", "list", "reason"];

fn fields_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "transaction" => &TRANSACTION_FIELDS,
        "call" => &CALL_FIELDS,
        "watchlist" => &WATCHLIST_FIELDS,
        _ => &[],
    }
}

/// The JSON type a contract field takes; `None` for a field the contract does not have.
fn expected_type(field: &str) -> Option<&'static str> {
    let known = [
        &COMMON_FIELDS[..],
        &TRANSACTION_FIELDS,
        &CALL_FIELDS,
        &WATCHLIST_FIELDS,
    ]
    .iter()
    .any(|fs| fs.contains(&field));
    if !known {
        None
    } else if INT_FIELDS.contains(&field) {
        Some("an integer")
    } else if field == "spoof_suspected" {
        Some("a boolean")
    } else {
        Some("a string")
    }
}

/// Masks every run of 7 or more digits but its last 4 (see [`crate::mask`]).
fn mask_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 7 {
            out.push_str(&crate::mask(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn json_kind(v: &Value, field: &str) -> String {
    let s = v.to_string();
    let shown: String = s.chars().take(40).collect();
    let shown = if IDENTIFYING.contains(&field) {
        crate::mask(&shown)
    } else {
        shown
    };
    let what = match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(n) if n.is_i64() => "an integer",
        Value::Number(_) => "an integer too large for 64 bits",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    format!("{what} ({shown})")
}

/// What the diagnostic pass found.
enum Diagnosis {
    Error(DecodeError),
    /// The payload again without the wrongly typed fields its event type does not have.
    WithoutForeignFields(Vec<u8>),
}

/// Explains why serde rejected a payload, naming the field where there is one.
fn diagnose(bytes: &[u8], serde_err: &serde_json::Error) -> Diagnosis {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return Diagnosis::Error(err("", format!("not valid JSON: {e}"))),
    };
    let Value::Object(mut map) = value else {
        return Diagnosis::Error(err(
            "",
            format!("expected a JSON object, got {}", json_kind(&value, "")),
        ));
    };
    let kind = map.get("type").and_then(Value::as_str).unwrap_or("");
    let own = fields_of(kind);
    let mut foreign = Vec::new();
    for (k, v) in &map {
        let k = k.as_str();
        if v.is_null() {
            continue; // an explicit null reads as absent; validation reports required ones
        }
        let Some(expected) = expected_type(k) else {
            continue; // not a contract field: ignored
        };
        let right = match expected {
            "an integer" => v.is_i64(),
            "a boolean" => v.is_boolean(),
            _ => v.is_string(),
        };
        if right {
            continue;
        }
        if !COMMON_FIELDS.contains(&k) && !own.is_empty() && !own.contains(&k) {
            foreign.push(k.to_string());
            continue;
        }
        return Diagnosis::Error(err(
            k,
            format!("expected {expected}, got {}", json_kind(v, k)),
        ));
    }
    if !foreign.is_empty() {
        for k in &foreign {
            map.remove(k);
        }
        return Diagnosis::WithoutForeignFields(
            serde_json::to_vec(&Value::Object(map)).expect("a JSON value serializes"),
        );
    }
    Diagnosis::Error(err(
        "",
        format!("rejected: {}", mask_digits(&serde_err.to_string())),
    ))
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
        let s = r#"{"type":"call","event_id":"c1","ts_ms":1764300000000,"phase":"end","call_id":"c","caller":"1","callee":"2","caller_kind":"mobile"}"#;
        assert_eq!(
            error_of(s),
            "field `duration_s`: missing required field on a call end"
        );
        let s2 = s.replace("\"end\"", "\"start\"");
        assert!(decode(s2.as_bytes()).is_ok());
        let s3 = s.replace("\"mobile\"", "\"mobile\",\"spoof_suspected\":\"yes\"");
        assert!(error_of(&s3).starts_with("field `spoof_suspected`: expected a boolean"));
    }

    #[test]
    fn times_outside_2000_to_2100_in_milliseconds_are_refused() {
        let seconds = TXN.replace("1764300180000", "1764300180");
        assert_eq!(
            error_of(&seconds),
            "field `ts_ms`: 1764300180 is not a time in milliseconds since 1970 between the years \
             2000 and 2100 (it looks like seconds)"
        );
        let digit_too_many = TXN.replace("1764300180000", "17643001800000");
        assert!(error_of(&digit_too_many).starts_with("field `ts_ms`: 17643001800000 is not"));
        assert!(error_of(&TXN.replace("1764300180000", "-5")).starts_with("field `ts_ms`"));
        assert!(decode(TXN.replace("1764300180000", "946684800000").as_bytes()).is_ok());
    }

    #[test]
    fn wrongly_typed_fields_of_another_event_type_are_ignored() {
        // `reason` and `value` are watch-list fields, `duration_s` a call's: extra on a transfer
        let with = |extra: &str| TXN.replace("\"extra\"", &format!("{extra},\"extra\""));
        for extra in [
            r#""reason":{"code":1}"#,
            r#""value":5"#,
            r#""duration_s":"n/a""#,
        ] {
            let e = decode(with(extra).as_bytes()).unwrap();
            assert_eq!(e, decode(TXN.as_bytes()).unwrap(), "{extra}");
        }
        // a field of its own type with the wrong JSON type is still an error
        assert!(error_of(&with(r#""device_id":7"#))
            .starts_with("field `device_id`: expected a string, got an integer"));
        let call = r#"{"type":"call","event_id":"c1","ts_ms":1764300000000,"phase":"start","call_id":"c","caller":"1","callee":"2","caller_kind":"mobile","value":5,"amount_fen":"x"}"#;
        assert!(decode(call.as_bytes()).is_ok());
    }

    #[test]
    fn errors_mask_phone_and_account_numbers() {
        let e = error_of(&TXN.replace("\"13912345678\"", "13912345678"));
        assert_eq!(
            e,
            "field `payer_phone`: expected a string, got an integer (*******5678)"
        );
        assert!(!error_of(&TXN.replace("\"6222\"", "62220202001122")).contains("622202020"));
        assert_eq!(
            mask_digits("acct 6222020200112233 x 12 y"),
            "acct ************2233 x 12 y"
        );
    }

    #[test]
    fn phone_numbers_are_normalised() {
        for p in [
            "+8613912345678",
            "008613912345678",
            "8613912345678",
            "139-1234-5678",
            "139 1234 5678",
        ] {
            assert_eq!(normalize_phone(p.to_string()), "13912345678", "{p}");
        }
        for p in ["+85512345678", "01012345678", "95555", "+8610123456"] {
            assert_eq!(normalize_phone(p.to_string()), p, "{p}");
        }
        let e = decode(TXN.replace("13912345678", "+86 139 1234 5678").as_bytes()).unwrap();
        assert_eq!(e.key(), "13912345678");
        let call = r#"{"type":"call","event_id":"c1","ts_ms":1764300000000,"phase":"start","call_id":"c","caller":"+8617012345678","callee":"+8613912345678","caller_kind":"virtual"}"#;
        let EventBody::Call(c) = decode(call.as_bytes()).unwrap().body else {
            panic!()
        };
        assert_eq!(
            (c.caller.as_str(), c.callee.as_str()),
            ("17012345678", "13912345678")
        );
        let listed = r#"{"type":"watchlist","event_id":"w1","ts_ms":1764300000000,"op":"add","entity":"phone","value":"+8617012345678","list":"scam_numbers"}"#;
        let EventBody::Watchlist(w) = decode(listed.as_bytes()).unwrap().body else {
            panic!()
        };
        assert_eq!(w.value, "17012345678");
        let acct = listed
            .replace("\"phone\"", "\"account\"")
            .replace("+86170", "86170");
        let EventBody::Watchlist(w) = decode(acct.as_bytes()).unwrap().body else {
            panic!()
        };
        assert_eq!(
            w.value, "8617012345678",
            "account numbers are not phone numbers"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_foreign_currencies_refused() {
        let bom = format!("\u{feff}{TXN}");
        assert_eq!(
            decode(bom.as_bytes()).unwrap(),
            decode(TXN.as_bytes()).unwrap()
        );
        assert!(decode(TXN.replace("CNY", "rmb").as_bytes()).is_ok());
        assert!(error_of(&TXN.replace("CNY", "USD"))
            .starts_with("field `currency`: \"USD\" is not supported"));
    }
}
