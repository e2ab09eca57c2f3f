//! Computing a feature row from an event and the state as it was before the event.

use super::schema::F;
use super::Row;
use crate::state::accounts::{rebate_within, SUSPECT_VICTIM};
use crate::state::accounts::{AccountState, MULE, SHOP};
use crate::state::devices::KeptDevice;
use crate::state::keys::{CallKeys, Keys, TransferKeys};
use crate::state::phones::CallRec;
use crate::state::ring::{to_secs, Secs, FROM_MULE, FROM_SUSPECT, NEW_RELATION};
use crate::state::{key, lists, State};
use fanzha_contract::{Call, CallPhase, Event, EventBody, Transaction};
use fanzha_rules::Value;

const MIN: u32 = 60;
const HOUR: u32 = 3600;
const DAY: u32 = 86_400;
/// A call counts as "recent" this long after it ended.
const RECENT_CALL_MS: i64 = 60 * 60_000;

fn set<'a>(row: &mut Row<'a>, f: F, v: Value<'a>) {
    row[f as usize] = v;
}
fn int<'a>(row: &mut Row<'a>, f: F, v: impl Into<i64>) {
    row[f as usize] = Value::Int(v.into());
}
fn flag<'a>(row: &mut Row<'a>, f: F, v: bool) {
    row[f as usize] = Value::Bool(v);
}
/// Back from state seconds to an event time in ms.
fn event_ts(at: u32) -> i64 {
    crate::state::ring::from_secs(at)
}
fn ms_from_s(s: u32) -> i64 {
    s as i64 * 1000
}

/// Fills `row` with the features of `event` given `state` (which does not yet include the event),
/// reading state under `keys` (`Keys::of(event)`, which the state update uses again).
pub fn compute<'a>(
    event: &'a Event,
    keys: &Keys,
    state: &State,
    cooldown_ms: i64,
    row: &mut Row<'a>,
) {
    debug_assert_eq!(*keys, Keys::of(event));
    *row = super::empty_row();
    set(row, F::EventType, Value::Str(event.type_name()));
    let hour = ((event.ts_ms / 3_600_000) + 8).rem_euclid(24);
    int(row, F::EventHour, hour);
    match (&event.body, keys) {
        (EventBody::Transaction(t), Keys::Transfer(k)) => {
            transaction(event.ts_ms, t, k, state, cooldown_ms, row)
        }
        (EventBody::Call(c), Keys::Call(k)) => call(event.ts_ms, c, k, state, cooldown_ms, row),
        _ => {}
    }
}

fn call_context<'a>(rec: &CallRec, ts_ms: i64, state: &State, row: &mut Row<'a>) {
    let active = rec.active_at(ts_ms);
    flag(row, F::CallActive, active);
    flag(
        row,
        F::CallRecent,
        active || ts_ms - rec.end_ms <= RECENT_CALL_MS,
    );
    int(row, F::CallDuration, rec.duration_at(ts_ms));
    int(
        row,
        F::CallSinceEnd,
        if active { 0 } else { ts_ms - rec.end_ms },
    );
    set(row, F::CallCallerKind, Value::Str(rec.kind.as_str()));
    flag(row, F::CallRiskyKind, rec.kind.is_risky());
    flag(row, F::CallSpoof, rec.spoof);
    let listed = state.phone_listed(rec.caller);
    flag(
        row,
        F::CallCallerScamListed,
        listed & lists::SCAM_NUMBERS != 0,
    );
    flag(row, F::CallCallerAllowed, lists::vouches(listed, rec.spoof));
    int(row, F::CallCallerCalls24h, rec.caller_calls_24h as i64);
    let long = state
        .callers
        .get(&rec.caller)
        .map(|c| c.long_calls.window(to_secs(ts_ms), DAY).count)
        .unwrap_or(0);
    int(row, F::CallCallerLongCalls24h, long);
}

fn phone_context<'a>(phone: u64, ts_ms: i64, state: &State, cooldown_ms: i64, row: &mut Row<'a>) {
    let Some(p) = state.phones.get(&phone) else {
        flag(row, F::CallActive, false);
        flag(row, F::CallRecent, false);
        int(row, F::PhoneRiskyCalls24h, 0);
        flag(row, F::PhoneWarnedRecently, false);
        return;
    };
    let risky_calls = p
        .calls()
        .filter(|c| c.start_ms <= ts_ms && ts_ms - c.start_ms < DAY as i64 * 1000)
        .filter(|c| c.kind.is_risky() || c.spoof)
        .count();
    int(row, F::PhoneRiskyCalls24h, risky_calls as i64);
    let warned = p
        .last_warned_ms()
        .map(|w| w <= ts_ms && ts_ms - w < cooldown_ms)
        .unwrap_or(false);
    flag(row, F::PhoneWarnedRecently, warned);
    if let Some(l) = p.long_calls.earliest_within_a_day(ts_ms) {
        int(row, F::PhoneLongRiskyCallAgo, ts_ms - l.end_ms);
        set(row, F::PhoneLongRiskyCallKind, Value::Str(l.kind.as_str()));
        flag(row, F::PhoneLongRiskyCallSpoofed, l.spoof);
    }
    match p.current_or_recent(ts_ms) {
        Some(rec) if ts_ms - rec.end_ms.min(ts_ms) <= 2 * RECENT_CALL_MS => {
            let rec = *rec;
            drop(p);
            call_context(&rec, ts_ms, state, row);
        }
        _ => {
            flag(row, F::CallActive, false);
            flag(row, F::CallRecent, false);
        }
    }
}

fn call<'a>(
    ts_ms: i64,
    c: &'a Call,
    k: &CallKeys,
    state: &State,
    cooldown_ms: i64,
    row: &mut Row<'a>,
) {
    set(
        row,
        F::CallPhase,
        Value::Str(if c.phase == CallPhase::Start {
            "start"
        } else {
            "end"
        }),
    );
    set(row, F::CallCaller, Value::Str(&c.caller));
    if let Some(r) = &c.caller_region {
        set(row, F::CallCallerRegion, Value::Str(r));
        if let Some(cr) = &c.callee_region {
            flag(row, F::CallCrossRegion, r != cr);
        }
    }
    phone_context(k.callee, ts_ms, state, cooldown_ms, row);
    // The call itself is the context of a call event.
    let calls_24h = state
        .callers
        .get(&k.caller)
        .map(|s| s.starts_24h(ts_ms))
        .unwrap_or(0);
    let rec = CallRec::from_event(ts_ms, c, calls_24h);
    call_context(&rec, ts_ms, state, row);
    if c.phase == CallPhase::End {
        // at the end event the call is over, but "recent" and its whole duration are what matter
        flag(row, F::CallActive, false);
        flag(row, F::CallRecent, true);
    }
}

fn transaction<'a>(
    ts_ms: i64,
    t: &'a Transaction,
    k: &TransferKeys,
    state: &State,
    cooldown_ms: i64,
    row: &mut Row<'a>,
) {
    let now = to_secs(ts_ms);
    int(row, F::TxnAmount, t.amount_fen);
    set(row, F::TxnChannel, Value::Str(t.channel.as_str()));
    set(row, F::TxnPayerBank, Value::Str(&t.payer_bank));
    set(row, F::TxnPayeeBank, Value::Str(&t.payee_bank));
    flag(row, F::TxnCrossBank, t.payer_bank != t.payee_bank);
    if let Some(n) = &t.payee_name {
        set(row, F::TxnPayeeName, Value::Str(n));
    }
    let to_self = t.payer_account == t.payee_account;
    flag(row, F::TxnToSelf, to_self);

    let payer_k = k.payer;
    // before any account is borrowed: it reads the tester's
    flag(
        row,
        F::PayeeTestedByMule,
        state.tested_by_mule(k.payee, now),
    );
    let payer = state.accounts.get(&payer_k);

    // the phone the transfer names, else the one an earlier transfer bound to the payer account
    let bound = match &t.payer_phone {
        Some(_) => None,
        None => payer.as_deref().and_then(|a| a.phone.key()),
    };
    let phone_key = t.payer_phone.as_deref().map(key).or(bound);
    flag(row, F::TxnHasPhone, phone_key.is_some());
    flag(row, F::TxnPhoneFromAccount, bound.is_some());
    match phone_key {
        Some(pk) => {
            flag(
                row,
                F::PayerPhoneScamListed,
                state.phone_listed(pk) & lists::SCAM_NUMBERS != 0,
            );
            phone_context(pk, ts_ms, state, cooldown_ms, row);
        }
        None => {
            flag(row, F::CallActive, false);
            flag(row, F::CallRecent, false);
        }
    }

    // The relationship.
    let rel = state.relations.get(&k.pair).map(|r| *r);
    let known = rel.filter(|r| r.first < now || (r.first == now && r.count > 0));
    // money moved to one's own account (an ATM withdrawal books to the payer itself) has no payee
    let new_payee = known.is_none() && !to_self;
    flag(row, F::PayerNewPayee, new_payee);
    int(row, F::PayerPayeeTxns, known.map(|r| r.count).unwrap_or(0));
    int(
        row,
        F::PayerPayeeKnownFor,
        known.map(|r| ms_from_s(now - r.first)).unwrap_or(0),
    );

    // The payer.
    let payee_k = k.payee;
    let payer_listed = state.account_listed(payer_k);
    let payee_listed = state.account_listed(payee_k);
    let amount = t.amount_fen;
    let this_new = if new_payee { 1 } else { 0 };
    let (mut payer_flags, mut payer_suspect) = (payer_listed & lists::MULE_ACCOUNTS != 0, false);
    let mut payer_shop = false;
    match payer.as_deref() {
        Some(a) => {
            payer_flags |= a.flags & MULE != 0;
            payer_suspect = a.flags & SUSPECT_VICTIM != 0;
            payer_shop = a.flags & SHOP != 0;
            payer_history(a, t, now, new_payee, row);
        }
        None => payer_without_history(amount, new_payee, row),
    }
    drop(payer);
    // accounts known as mules that were run from the payer's device (the payee's: below)
    int(
        row,
        F::PayerDeviceMules,
        state.device_mules(k.device, payer_k),
    );
    int(
        row,
        F::PayerNetworkMules,
        state.network_mules(k.network, payer_k, now),
    );
    flag(row, F::PayerMule, payer_flags);
    flag(row, F::PayerShop, payer_shop);
    flag(
        row,
        F::PayerWatchMule,
        payer_listed & lists::MULE_ACCOUNTS != 0,
    );
    flag(row, F::PayerAllowed, payer_listed & lists::ALLOW != 0);
    flag(row, F::PayerSuspect, payer_suspect);

    payee_side(
        state,
        payer_k,
        payee_k,
        now,
        amount,
        this_new,
        (payer_flags, payer_suspect),
        payee_listed,
        row,
    );
    // the holds fanzha issued in the day before, from their own times (see `state::holds`)
    let (held_24h, held_in_a_row) = state.held_out_of(payer_k, now);
    int(row, F::PayerHeld24h, held_24h);
    int(row, F::PayerHeldInARow, held_in_a_row);
    let (stops_24h, stops_in_a_row) = state.stops_into(payee_k, now);
    int(row, F::PayeeStops24h, stops_24h);
    int(row, F::PayeeStopsInARow, stops_in_a_row);
}

/// The payee's side, with this transfer counted in.
#[allow(clippy::too_many_arguments)]
fn payee_side(
    state: &State,
    payer_k: u64,
    payee_k: u64,
    now: Secs,
    amount: i64,
    this_new: u32,
    payer: (bool, bool),
    payee_listed: u8,
    row: &mut Row<'_>,
) {
    let (payer_flags, payer_suspect) = payer;
    let payer_party = payer_k as u32;
    let mut payee_device = KeptDevice::default();
    let mut payee_network = KeptDevice::default();
    let payee = state.accounts.get(&payee_k);
    let from_suspect = payer_suspect as u32;
    let from_mule = payer_flags as u32;
    let mut payee_mule = payee_listed & lists::MULE_ACCOUNTS != 0;
    match payee.as_deref() {
        Some(b) => {
            payee_device = b.device;
            payee_network = b.network;
            payee_mule |= b.flags & MULE != 0;
            let in1 = b.inbound.window(now, HOUR);
            let in24 = b.inbound.window(now, DAY);
            let seen_payer = |w: u32| {
                b.inbound
                    .iter()
                    .any(|f| f.party == payer_party && f.at <= now && f.at + w > now)
            };
            int(
                row,
                F::PayeeInPayers1h,
                in1.distinct + (!seen_payer(HOUR)) as u32,
            );
            int(
                row,
                F::PayeeInPayers24h,
                in24.distinct + (!seen_payer(DAY)) as u32,
            );
            int(row, F::PayeeInNew24h, in24.flagged[0] + this_new);
            int(row, F::PayeeInbound1h, in1.amount_fen + amount);
            int(row, F::PayeeInbound24h, in24.amount_fen + amount);
            int(row, F::PayeeInTotal, b.in_count);
            int(row, F::PayeeInSuspects24h, in24.flagged[1] + from_suspect);
            int(row, F::PayeeInMules24h, in24.flagged[2] + from_mule);
            let out24 = b.out.window(now, DAY).amount_fen;
            int(row, F::PayeeOut24h, out24);
            if in24.amount_fen > 0 {
                set(
                    row,
                    F::PayeeOutInRatio24h,
                    Value::Float(out24 as f64 / in24.amount_fen as f64),
                );
            }
            let in30 = b.inbound.window(now, 30 * MIN).amount_fen;
            if in30 > 0 {
                let out30 = b.out.window(now, 30 * MIN).amount_fen;
                set(
                    row,
                    F::PayeePassthrough30m,
                    Value::Float(out30 as f64 / in30 as f64),
                );
            }
            int(row, F::PayeeOutTotal, b.out_count);
            int(row, F::PayeeForwards7d, b.forwards_at(now));
            int(
                row,
                F::PayeeKnownFor,
                ms_from_s(now.saturating_sub(b.first_seen)),
            );
        }
        None => {
            int(row, F::PayeeInPayers1h, 1);
            int(row, F::PayeeInPayers24h, 1);
            int(row, F::PayeeInNew24h, this_new);
            int(row, F::PayeeInbound1h, amount);
            int(row, F::PayeeInbound24h, amount);
            int(row, F::PayeeInTotal, 0);
            int(row, F::PayeeInSuspects24h, from_suspect);
            int(row, F::PayeeInMules24h, from_mule);
            int(row, F::PayeeOut24h, 0);
            int(row, F::PayeeOutTotal, 0);
            int(row, F::PayeeForwards7d, 0);
            int(row, F::PayeeKnownFor, 0);
        }
    }
    drop(payee);
    int(
        row,
        F::PayeeDeviceMules,
        state.device_mules(payee_device.get(), payee_k),
    );
    int(
        row,
        F::PayeeNetworkMules,
        state.kept_network_mules(payee_network.get(), payee_k),
    );
    flag(row, F::PayeeMule, payee_mule);
    flag(
        row,
        F::PayeeWatchMule,
        payee_listed & lists::MULE_ACCOUNTS != 0,
    );
    flag(row, F::PayeeAllowed, payee_listed & lists::ALLOW != 0);
}

/// The payer's side, from the state of an account seen before (this transfer counted in).
fn payer_history<'a>(
    a: &AccountState,
    t: &'a Transaction,
    now: Secs,
    new_payee: bool,
    row: &mut Row<'a>,
) {
    let amount = t.amount_fen;
    let this_new = new_payee as u32;
    int(row, F::PayerHistoryTxns, a.out_count);
    int(
        row,
        F::PayerKnownFor,
        ms_from_s(now.saturating_sub(a.first_seen)),
    );
    for (f_n, f_a, w) in [
        (F::PayerTxns10m, F::PayerAmount10m, 10 * MIN),
        (F::PayerTxns1h, F::PayerAmount1h, HOUR),
        (F::PayerTxns24h, F::PayerAmount24h, DAY),
    ] {
        let s = a.out.window(now, w);
        int(row, f_n, s.count + 1);
        int(row, f_a, s.amount_fen + amount);
    }
    let day = a.out.window(now, DAY);
    int(row, F::PayerNewPayees24h, day.flagged[0] + this_new);
    let new_amount: i64 = a
        .out
        .iter()
        .filter(|f| f.at <= now && f.at + DAY > now && f.flags() & NEW_RELATION != 0)
        .map(|f| f.amount_fen())
        .sum();
    int(
        row,
        F::PayerNewPayeeAmount24h,
        new_amount + if new_payee { amount } else { 0 },
    );
    if let Some(usual) = a.usual_fen() {
        int(row, F::PayerUsualAmount, usual);
        set(
            row,
            F::PayerAmountRatio,
            Value::Float(amount as f64 / usual.max(1) as f64),
        );
        int(row, F::PayerMaxPriorAmount, a.max_out_fen);
    }
    if let Some(prev) = a
        .out
        .iter()
        .rev()
        .find(|f| f.at <= now && f.at + 2 * DAY > now && f.flags() & NEW_RELATION != 0)
    {
        set(
            row,
            F::PayerEscalation,
            Value::Float(amount as f64 / prev.amount_fen().max(1) as f64),
        );
    }
    let in30 = a.inbound.window(now, 30 * MIN);
    let in24 = a.inbound.window(now, DAY);
    int(row, F::PayerInTotal, a.in_count);
    int(row, F::PayerInbound30m, in30.amount_fen);
    int(row, F::PayerInbound24h, in24.amount_fen);
    int(row, F::PayerInPayers24h, in24.distinct);
    int(row, F::PayerInNew24h, in24.flagged[0]);
    int(row, F::PayerInSuspects24h, in24.flagged[1]);
    int(row, F::PayerInSuspects30m, in30.flagged[1]);
    int(row, F::PayerInMules24h, in24.flagged[2]);
    int(row, F::PayerInMules30m, in30.flagged[2]);
    if in24.amount_fen > 0 {
        let out24 = day.amount_fen + amount;
        set(
            row,
            F::PayerOut24hRatio,
            Value::Float(out24 as f64 / in24.amount_fen as f64),
        );
    }
    let own = match (&t.payee_name, a.holder != 0) {
        (Some(name), true) => {
            let own = key(name) as u32 == a.holder;
            flag(row, F::PayerPaysOwnName, own);
            own
        }
        _ => {
            flag(row, F::PayerPaysOwnName, false);
            false
        }
    };
    // would this transfer complete a pass-through? (the same test as the state update)
    let mut probe = a.clone();
    probe.record_out(event_ts(now), amount, 0, 0);
    probe.note_forward(event_ts(now), amount, own);
    int(row, F::PayerForwards7d, probe.forwards_at(now));
    // one scan of the account's flows serves both windows
    let rebate = a.last_rebate(now);
    flag(row, F::PayerRebated24h, rebate_within(rebate, now, DAY));
    flag(row, F::PayerRebated2h, rebate_within(rebate, now, 2 * HOUR));
    if in30.amount_fen > 0 {
        let out30 = a.out.window(now, 30 * MIN).amount_fen + amount;
        set(
            row,
            F::PayerPassthrough30m,
            Value::Float(out30 as f64 / in30.amount_fen as f64),
        );
    }
}

/// The payer's side for an account fanzha has not seen: only this transfer.
fn payer_without_history(amount: i64, new_payee: bool, row: &mut Row<'_>) {
    let this_new = new_payee as u32;
    int(row, F::PayerHistoryTxns, 0);
    int(row, F::PayerKnownFor, 0);
    int(row, F::PayerTxns10m, 1);
    int(row, F::PayerTxns1h, 1);
    int(row, F::PayerTxns24h, 1);
    int(row, F::PayerAmount10m, amount);
    int(row, F::PayerAmount1h, amount);
    int(row, F::PayerAmount24h, amount);
    int(row, F::PayerNewPayees24h, this_new);
    int(
        row,
        F::PayerNewPayeeAmount24h,
        if new_payee { amount } else { 0 },
    );
    int(row, F::PayerInTotal, 0);
    int(row, F::PayerInbound30m, 0);
    int(row, F::PayerInbound24h, 0);
    int(row, F::PayerInPayers24h, 0);
    int(row, F::PayerInNew24h, 0);
    int(row, F::PayerInSuspects24h, 0);
    int(row, F::PayerInSuspects30m, 0);
    int(row, F::PayerInMules24h, 0);
    int(row, F::PayerInMules30m, 0);
    int(row, F::PayerForwards7d, 0);
    flag(row, F::PayerRebated24h, false);
    flag(row, F::PayerRebated2h, false);
    // nobody has paid this account yet, so its holder's name is unknown
    flag(row, F::PayerPaysOwnName, false);
}

/// Flow flags for a transfer, from what state says about the payer when it happened.
pub fn flow_flags(new_relation: bool, payer_suspect: bool, payer_mule: bool) -> u8 {
    let mut f = 0;
    if new_relation {
        f |= NEW_RELATION;
    }
    if payer_suspect {
        f |= FROM_SUSPECT;
    }
    if payer_mule {
        f |= FROM_MULE;
    }
    f
}
