//! The feature catalogue: every name a rule can read, with its type and meaning. Defined once; the
//! rules compiler resolves names against it, the model reads its numeric fields in this order, and
//! `rules/README.md`'s field table is generated from it.

use fanzha_contract::{CallerKind, Channel, MULE_NETWORK};
use fanzha_rules::{Field, Schema, Type};

macro_rules! catalogue {
    ($( $slot:ident = $name:literal : $ty:ident , $doc:literal ;)*) => {
        /// Slot of each feature in a row.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        pub enum F { $($slot,)* }

        /// Number of features in a row.
        pub const COUNT: usize = [$($name),*].len();

        pub fn fields() -> Vec<Field> {
            vec![$(Field { name: $name, ty: Type::$ty, doc: $doc }),*]
        }
    };
}

catalogue! {
    EventType = "event.type": Str, "`transaction`, `call` or `watchlist`";
    EventHour = "event.hour": Int, "hour of day of `ts_ms` in China time (UTC+8), 0-23";

    TxnAmount = "txn.amount_fen": Money, "amount of this transfer";
    TxnChannel = "txn.channel": Str, "`mobile_app`, `online_banking`, `atm`, `counter`, `third_party` or `pos`";
    TxnPayerBank = "txn.payer_bank": Str, "bank code of the payer";
    TxnPayeeBank = "txn.payee_bank": Str, "bank code of the payee";
    TxnCrossBank = "txn.cross_bank": Bool, "payer and payee are at different banks";
    TxnPayeeName = "txn.payee_name": Str, "account holder name shown to the payer (missing when not sent)";
    TxnHasPhone = "txn.has_phone": Bool, "the payer's phone is known — named by the transfer or bound to the payer account by an earlier one (needed to join calls and to warn)";
    TxnPhoneFromAccount = "txn.phone_from_account": Bool, "the transfer names no phone; the one an earlier transfer bound to the payer account stands in";
    TxnToSelf = "txn.to_self": Bool, "the payee account is the payer account itself (a cash withdrawal or own-account booking)";

    CallPhase = "call.phase": Str, "on call events: `start` or `end`";
    CallCaller = "call.caller": Str, "on call events: the calling number as presented";
    CallCallerRegion = "call.caller_region": Str, "on call events: region code of the caller";
    CallCrossRegion = "call.cross_region": Bool, "on call events: caller and callee regions differ";
    CallActive = "call.active": Bool, "a call is connected to this person now (on a transfer: the payer's phone; on a call event: this call, true at start)";
    CallRecent = "call.recent": Bool, "a call is connected now or ended within the last 60 minutes";
    CallDuration = "call.duration": Duration, "talk time of that call so far (the whole call once it ended)";
    CallSinceEnd = "call.since_end": Duration, "time since that call ended (0 while connected)";
    CallCallerKind = "call.caller_kind": Str, "`mobile`, `landline`, `virtual`, `international`, `voip` or `unknown`";
    CallRiskyKind = "call.risky_kind": Bool, "the caller is virtual (170/171), international, VoIP or unknown";
    CallSpoof = "call.spoof": Bool, "the operator's caller-ID verification failed for that call";
    CallCallerScamListed = "call.caller_scam_listed": Bool, "the caller is on the `scam_numbers` watch-list (now)";
    CallCallerAllowed = "call.caller_allowed": Bool, "the caller is on the `allow` watch-list (banks' service lines, ...) and the call was not flagged as spoofed";
    CallCallerCalls24h = "call.caller_calls_24h": Int, "calls the caller started in the 24 h before that call (fan-out of call centres)";
    CallCallerLongCalls24h = "call.caller_long_calls_24h": Int, "calls of 10 min or more the caller made in the last 24 h (up to 4 kept)";

    PhoneRiskyCalls24h = "phone.risky_calls_24h": Int, "calls this person received in 24 h from risky or spoofed numbers (up to 4 kept; missing on a transfer with no phone)";
    PhoneLongRiskyCallAgo = "phone.long_risky_call_ago": Duration, "time since the end of a call of 20 minutes or more this person received from a virtual (170/171), VoIP or unknown number, or a spoofed one of any kind, within the last 24 h — the one that ended longest ago, if two are kept (fanzha keeps two: the earliest within a day of the latest, and the latest; apart from the last four calls). Not a number abroad unless spoofed (a relative abroad talks as long), nor a call from an allow-listed line that passed caller-ID verification (judged when the call ends); a call with no end seen does not count. Up to 1 s longer than the true time (up to a minute for the later of two calls); missing if none, and on a transfer with no phone";
    PhoneLongRiskyCallKind = "phone.long_risky_call_kind": Str, "caller kind of that call (`virtual`, `voip`, `unknown`, or any kind when spoofed); missing when phone.long_risky_call_ago is";
    PhoneLongRiskyCallSpoofed = "phone.long_risky_call_spoofed": Bool, "the operator's caller-ID verification failed for that call; missing when phone.long_risky_call_ago is";
    PhoneWarnedRecently = "phone.warned_recently": Bool, "fanzha warned this person within the warning cooldown (missing on a transfer with no phone)";

    PayerNewPayee = "payer.new_payee": Bool, "the payer never paid this payee before (as far as state remembers); false for a transfer to the payer's own account";
    PayerPayeeTxns = "payer.payee_txns": Int, "earlier transfers from this payer to this payee";
    PayerPayeeKnownFor = "payer.payee_known_for": Duration, "time since the payer first paid this payee (0 when new)";
    PayerHistoryTxns = "payer.history_txns": Int, "outbound transfers of the payer seen so far (before this one; counted to 65,535)";
    PayerKnownFor = "payer.known_for": Duration, "time since the payer account was first seen";
    PayerTxns10m = "payer.txns_10m": Int, "outbound transfers of the payer in 10 min, this one included";
    PayerTxns1h = "payer.txns_1h": Int, "outbound transfers of the payer in 1 h, this one included";
    PayerTxns24h = "payer.txns_24h": Int, "outbound transfers of the payer in 24 h, this one included (8 entries kept; repeat transfers to the same payees merge when full, first transfers to a payee beyond 8 are dropped)";
    PayerAmount10m = "payer.amount_10m": Money, "sum sent by the payer in 10 min, this one included";
    PayerAmount1h = "payer.amount_1h": Money, "sum sent by the payer in 1 h, this one included";
    PayerAmount24h = "payer.amount_24h": Money, "sum sent by the payer in 24 h, this one included (from the 8 outbound entries kept, as for payer.txns_24h)";
    PayerNewPayees24h = "payer.new_payees_24h": Int, "transfers to first-time payees in 24 h, this one included (from the 8 outbound entries kept, as for payer.txns_24h)";
    PayerNewPayeeAmount24h = "payer.new_payee_amount_24h": Money, "sum sent to first-time payees in 24 h, this one included (from the 8 outbound entries kept, as for payer.txns_24h)";
    PayerUsualAmount = "payer.usual_amount": Money, "the payer's usual transfer amount (geometric mean; missing without history)";
    PayerAmountRatio = "payer.amount_ratio": Float, "this amount divided by the usual amount (missing without history)";
    PayerMaxPriorAmount = "payer.max_prior_amount": Money, "largest earlier transfer of the payer (missing without history)";
    PayerEscalation = "payer.escalation": Float, "this amount over the previous transfer to a first-time payee within 48 h (missing if none)";
    PayerInTotal = "payer.in_total": Int, "inbound transfers of the payer account seen so far (payment platforms and big merchants have thousands; counted to 65,535)";
    PayerInbound30m = "payer.inbound_30m": Money, "money the payer account received in the last 30 min";
    PayerInbound24h = "payer.inbound_24h": Money, "money the payer account received in 24 h (from the 8 latest inflows kept: chunks from the same payer in a row merge when full, other older inflows are dropped, so a busy account's figure is short)";
    PayerInPayers24h = "payer.in_payers_24h": Int, "distinct accounts that paid the payer in 24 h (from the 8 inflows kept, as for payer.inbound_24h)";
    PayerInNew24h = "payer.in_new_24h": Int, "inbound transfers from first-time senders in 24 h (from the 8 inflows kept, as for payer.inbound_24h)";
    PayerInSuspects24h = "payer.in_suspects_24h": Int, "inbound transfers in 24 h from accounts fanzha suspects are scam victims (from the 8 inflows kept, as for payer.inbound_24h)";
    PayerInSuspects30m = "payer.in_suspects_30m": Int, "inbound transfers in the last 30 min from accounts fanzha suspects are scam victims";
    PayerInMules24h = "payer.in_mules_24h": Int, "inbound transfers in 24 h from accounts known as mules (from the 8 inflows kept, as for payer.inbound_24h)";
    PayerInMules30m = "payer.in_mules_30m": Int, "inbound transfers in the last 30 min from accounts known as mules";
    PayerPassthrough30m = "payer.passthrough_30m": Float, "sent in 30 min (this one included) over received in 30 min; missing when nothing came in";
    PayerMule = "payer.mule": Bool, "the payer account is known as a mule (frozen by fanzha or on `mule_accounts`)";
    PayerWatchMule = "payer.watch_mule": Bool, "the payer account is on the `mule_accounts` watch-list";
    PayerAllowed = "payer.allowed": Bool, "the payer account is on the `allow` watch-list";
    PayerRebated24h = "payer.rebated_24h": Bool, "in the last 24 h money came in from a first-time sender, 105-160 % of the ¥100-2,000 the payer had paid a first-time payee at most 2 h before (a task scam's \"rebate\" with commission; a refund is never more than was paid)";
    PayerRebated2h = "payer.rebated_2h": Bool, "the same \"rebate\" as payer.rebated_24h, in the last 2 h (the victim is told to place the next, bigger order at once)";
    PayerHeld24h = "payer.held_24h": Int, "stop-payments fanzha issued on the payer's earlier transfers in the 24 h before (a victim told that one account failed is given another); counted to 8";
    PayerHeldInARow = "payer.held_in_a_row": Int, "stop-payments fanzha issued on the payer's earlier transfers in a row up to now, each less than 24 h after the one before (0 once a day has passed without one); counted to 8";
    PayerSuspect = "payer.suspect": Bool, "fanzha already warned or stopped this payer as a suspected victim";
    PayerShop = "payer.shop": Bool, "the payer account is a storefront's: those who pay it see a shop's, restaurant's or jeweller's name (…店, …馆, 珠宝, 超市, 药房, 加油站, store, shop), not a person's or a company's";
    PayerPaysOwnName = "payer.pays_own_name": Bool, "the payee name is the payer's own holder name (as others see it when paying the payer): a transfer to one's own account (false when the name is unknown)";
    PayerOut24hRatio = "payer.out_in_ratio_24h": Float, "money the payer sent in 24 h (this one included) over money it received in 24 h; missing when nothing came in (both sums from the 8 entries kept each way: first payments to more than 8 payees drop out, which lowers the ratio)";
    PayerForwards7d = "payer.forwards_7d": Int, "times in the 7 days before the payer passed on 80-105 % of an inbound sum (≥ ¥1,000) within 30 min, counting this transfer if it completes one; counted to 3";
    PayerDeviceMules = "payer.device_mules": Int, "other accounts known as mules that were used from the device of this transfer (app, online or payment-app transfers only; a phone that ran two is a mule operator's), counted by the people behind them: cards with one holder name or bound phone count once";
    PayerNetworkMules = "payer.network_mules": Int, "other accounts known as mules that used the internet address of this transfer within the last two days, counted by person as for payer.device_mules (app, online or payment-app transfers only; 0 for an address thirty or more accounts used, and for private, link-local and placeholder addresses)";
    PayerPhoneScamListed = "payer.phone_scam_listed": Bool, "the payer's phone is on the `scam_numbers` watch-list (missing on a transfer with no phone)";

    PayeeInPayers1h = "payee.in_payers_1h": Int, "distinct accounts that paid the payee in 1 h, this payer included";
    PayeeInPayers24h = "payee.in_payers_24h": Int, "distinct accounts that paid the payee in 24 h, this payer included (up to 8 kept)";
    PayeeInNew24h = "payee.in_new_24h": Int, "inbound transfers from first-time senders in 24 h, this one included";
    PayeeInbound1h = "payee.inbound_1h": Money, "money the payee received in 1 h, this transfer included";
    PayeeInbound24h = "payee.inbound_24h": Money, "money the payee received in 24 h, this transfer included";
    PayeeInTotal = "payee.in_total": Int, "inbound transfers of the payee seen so far (merchants have many; counted to 65,535)";
    PayeeInSuspects24h = "payee.in_suspects_24h": Int, "inbound transfers in 24 h from suspected victims, this one included";
    PayeeInMules24h = "payee.in_mules_24h": Int, "inbound transfers in 24 h from known mules, this one included";
    PayeeOut24h = "payee.out_24h": Money, "money the payee sent on in 24 h";
    PayeePassthrough30m = "payee.passthrough_30m": Float, "money the payee sent in 30 min over what it received in 30 min; missing when nothing came in";
    PayeeOutInRatio24h = "payee.out_in_ratio_24h": Float, "money the payee sent on in 24 h over what it received in 24 h before this transfer; missing when nothing came in";
    PayeeForwards7d = "payee.forwards_7d": Int, "times in the 7 days before the payee passed on 80-105 % of an inbound sum (≥ ¥1,000) within 30 min; counted to 3";
    PayeeOutTotal = "payee.out_total": Int, "outbound transfers of the payee seen so far (counted to 65,535)";
    PayeeKnownFor = "payee.known_for": Duration, "time since the payee account was first seen (0 when new)";
    PayeeDeviceMules = "payee.device_mules": Int, "other accounts known as mules that were used from the device kept for the payee account (of the personal devices it was used from, the one more accounts used; on a tie the latest), counted by person as for payer.device_mules";
    PayeeNetworkMules = "payee.network_mules": Int, "other accounts known as mules that used the internet address the payee account last used, within two days of the payee's own use of it, counted by person as for payer.device_mules (0 once others have pushed the payee off the address's six latest accounts)";
    PayeeTestedByMule = "payee.tested_by_mule": Bool, "an account known as a mule (frozen or listed) sent the payee account ¥1 or less by app, online or payment app in the last three days (the latest such transfer): a gang tests a card it bought before handing it out";
    PayeeMule = "payee.mule": Bool, "the payee account is known as a mule (frozen by fanzha or on `mule_accounts`)";
    PayeeWatchMule = "payee.watch_mule": Bool, "the payee account is on the `mule_accounts` watch-list";
    PayeeAllowed = "payee.allowed": Bool, "the payee account is on the `allow` watch-list";
    PayeeStopsInARow = "payee.stops_in_a_row": Int, "stop-payments fanzha issued on people's transfers into the payee in a row up to now, each less than 24 h after the one before (0 once a day has passed without one; as for payee.stops_24h, not on transfers of known mules, nor of accounts with no phone); counted to 8";
    PayeeStops24h = "payee.stops_24h": Int, "stop-payments fanzha issued in the 24 h before on people's transfers into the payee (not on transfers of known mules, nor of accounts with no phone); counted to 8";

    ModelScore = "model.score": Float, "the loaded model's fraud probability for this transfer (missing without a model or on non-transfers)";
}

/// `event.type` as the contract spells it (`Event::type_name`; the contract crate names no list).
const EVENT_TYPES: [&str; 3] = ["transaction", "call", "watchlist"];
/// `call.phase` as the contract spells it (the contract crate names no list).
const CALL_PHASES: [&str; 2] = ["start", "end"];

/// The typologies a rule may name: the contract's list (the five scams and the mule network).
pub fn typologies() -> Vec<&'static str> {
    let mut t = fanzha_load::TYPOLOGIES.to_vec();
    t.push(MULE_NETWORK);
    t
}

/// The schema the rules compiler resolves names against, with the contract's closed sets of
/// values (a rule comparing `txn.channel` with "fax" is refused) and its typologies.
pub fn schema() -> Schema {
    Schema::new(fields())
        .with_values("event.type", &EVENT_TYPES)
        .with_values("txn.channel", &Channel::NAMES)
        .with_values("call.phase", &CALL_PHASES)
        .with_values("call.caller_kind", &CallerKind::NAMES)
        .with_values("phone.long_risky_call_kind", &CallerKind::NAMES)
        .with_typologies(&typologies())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_match_the_catalogue() {
        let s = schema();
        assert_eq!(s.fields().len(), COUNT);
        assert_eq!(s.slot("txn.amount_fen"), Some(F::TxnAmount as usize));
        assert_eq!(s.slot("model.score"), Some(F::ModelScore as usize));
        assert_eq!(s.slot("payee.stops_24h"), Some(F::PayeeStops24h as usize));
    }

    #[test]
    fn closed_values_are_the_contract_spellings() {
        use fanzha_contract::{decode, CallPhase};
        for (phase, name) in [(CallPhase::Start, "start"), (CallPhase::End, "end")] {
            assert_eq!(serde_json::to_value(phase).unwrap(), name);
            assert!(CALL_PHASES.contains(&name));
        }
        assert_eq!(CALL_PHASES.len(), 2);
        let call = r#"{"type":"call","event_id":"e","ts_ms":1764300000000,"phase":"start","call_id":"k","caller":"1","callee":"2","caller_kind":"mobile"}"#;
        let txn = r#"{"type":"transaction","event_id":"e","ts_ms":1764300000000,"txn_id":"t","payer_account":"a","payer_bank":"B","payee_account":"b","payee_bank":"B","amount_fen":1,"channel":"pos"}"#;
        let wl = r#"{"type":"watchlist","event_id":"e","ts_ms":1764300000000,"op":"add","entity":"phone","value":"1","list":"allow"}"#;
        let names: Vec<&str> = [txn, call, wl]
            .iter()
            .map(|j| decode(j.as_bytes()).unwrap().type_name())
            .collect();
        assert_eq!(names, EVENT_TYPES);
        let s = schema();
        let slot = |n| s.slot(n).unwrap();
        assert_eq!(s.values(slot("txn.channel")).unwrap(), Channel::NAMES);
        assert_eq!(
            s.values(slot("call.caller_kind")).unwrap(),
            CallerKind::NAMES
        );
        assert!(s.values(slot("txn.payer_bank")).is_none());
        assert_eq!(s.typologies().unwrap().len(), 6);
    }
}
