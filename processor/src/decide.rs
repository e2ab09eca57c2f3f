//! Decisions: from the rules that fired to the actions that go out.
//!
//! Live rules that fire add to a risk score (combined as independent evidence: 1 − Π(1 − sᵢ)) and
//! ask for actions. An action is emitted when the score reaches that action's threshold; its
//! severity is the higher of the score's (`settings.severity`) and the highest `severity` of the
//! live rules that fired and asked for that action. Every action lists every live rule that fired
//! with the feature values that made it fire. Warnings respect a per-person cooldown (event time);
//! a freeze is emitted once per account; a stop-payment once per transfer (a transfer scored again
//! is skipped before it gets here: `state::seen`). Ids are deterministic from (kind, target,
//! event).

use crate::features::Row;
use crate::state::accounts::{FROZEN, MULE, SUSPECT_VICTIM};
use crate::state::{key, State};
use fanzha_contract::{
    action_id, Action, ActionKind, Event, EventBody, ModelPart, Reason, Severity, MULE_NETWORK,
};
use fanzha_rules::{ActionReq, Mode, RuleSet};

/// What the model contributed to this event, if a model scored it.
pub struct ModelUsed<'a> {
    pub id: &'a str,
    pub version: &'a str,
    pub score: f64,
}

/// Counts of what the decision step saw, for metrics.
#[derive(Default, Debug, Clone, Copy)]
pub struct DecisionStats {
    pub shadow_hits: u32,
    pub suppressed_cooldown: u32,
    pub suppressed_duplicate: u32,
    pub below_threshold: u32,
}

#[allow(clippy::too_many_arguments)]
pub fn decide(
    event: &Event,
    row: &Row<'_>,
    rules: &RuleSet,
    hits: &[usize],
    model: Option<ModelUsed<'_>>,
    state: &State,
    emitted_ts_ms: i64,
    out: &mut Vec<Action>,
    stats: &mut DecisionStats,
) {
    let all = rules.rules();
    let live = || hits.iter().copied().filter(|&i| all[i].mode == Mode::Live);
    stats.shadow_hits += (hits.len() - live().count()) as u32;
    if live().next().is_none() {
        return;
    }
    let score = 1.0 - live().fold(1.0, |acc, i| acc * (1.0 - all[i].score.clamp(0.0, 1.0)));
    let settings = rules.settings();
    let severity = if score >= settings.severity_critical {
        Severity::Critical
    } else if score >= settings.severity_high {
        Severity::High
    } else {
        Severity::Medium
    };
    let reasons: Vec<Reason> = live()
        .map(|i| Reason {
            rule: all[i].id.clone(),
            detail: rules.explain(i, row),
        })
        .collect();

    let asked = |req: ActionReq| live().any(|i| all[i].actions.contains(&req));
    // Evidence a warning could be sent on: a hold on less is a question the bank asks.
    let warn_worthy = score >= settings.thresholds.early_warning && asked(ActionReq::EarlyWarning);
    // A payer being frozen as a mule is not a victim to warn (its transfer may still be held).
    let freezing_payer =
        score >= settings.thresholds.freeze_account && asked(ActionReq::FreezePayer);
    for req in [
        ActionReq::StopPayment,
        ActionReq::FreezePayee,
        ActionReq::FreezePayer,
        ActionReq::EarlyWarning,
    ] {
        // the strongest live rule asking for this action names the typology
        let strongest = |of: &dyn Fn(usize) -> bool| {
            live()
                .filter(|&i| of(i))
                .max_by(|&a, &b| all[a].score.total_cmp(&all[b].score).then(b.cmp(&a)))
        };
        let Some(lead) = strongest(&|i| all[i].actions.contains(&req)) else {
            continue;
        };
        // A warning tells the desk which scam the person is in: when the rule that asks for it is
        // about the money's destination (a mule network), the strongest rule about the scam names it.
        let lead = match req {
            ActionReq::EarlyWarning if all[lead].typology == MULE_NETWORK => {
                strongest(&|i| all[i].typology != MULE_NETWORK).unwrap_or(lead)
            }
            _ => lead,
        };
        if freezing_payer
            && req == ActionReq::EarlyWarning
            && matches!(event.body, EventBody::Transaction(_))
        {
            continue;
        }
        let kind = match req {
            ActionReq::StopPayment => ActionKind::StopPayment,
            ActionReq::FreezePayee | ActionReq::FreezePayer => ActionKind::FreezeAccount,
            ActionReq::EarlyWarning => ActionKind::EarlyWarning,
        };
        let threshold = match kind {
            ActionKind::StopPayment => settings.thresholds.stop_payment,
            ActionKind::FreezeAccount => settings.thresholds.freeze_account,
            ActionKind::EarlyWarning => settings.thresholds.early_warning,
        };
        if score < threshold {
            stats.below_threshold += 1;
            continue;
        }
        // a rule's `severity` is the least severity of the actions it asks for
        let severity = live()
            .filter(|&i| all[i].actions.contains(&req))
            .map(|i| contract_severity(all[i].severity))
            .fold(severity, Severity::max);
        let mut action = Action {
            action_id: String::new(),
            kind,
            severity,
            bank: None,
            account: None,
            txn_id: None,
            amount_fen: None,
            phone: None,
            typology: all[lead].typology.clone(),
            score: (score * 10_000.0).round() / 10_000.0,
            reasons: reasons.clone(),
            model: model.as_ref().map(|m| ModelPart {
                id: m.id.to_string(),
                version: m.version.to_string(),
                score: (m.score * 10_000.0).round() / 10_000.0,
            }),
            ruleset_version: rules.version().to_string(),
            trigger_event_id: event.event_id.clone(),
            trigger_ts_ms: event.ts_ms,
            emitted_ts_ms,
        };
        let target_ok = match (&event.body, req) {
            (EventBody::Transaction(t), ActionReq::StopPayment) => {
                action.bank = Some(t.payer_bank.clone());
                action.account = Some(t.payer_account.clone());
                action.txn_id = Some(t.txn_id.clone());
                action.amount_fen = Some(t.amount_fen);
                let person =
                    t.payer_phone.is_some() || state.bound_phone(&t.payer_account).is_some();
                let now = crate::state::ring::to_secs(event.ts_ms);
                // A hold on a known mule's own transfer (a frozen card topping up its wallet at a
                // platform) says nothing about the payee: only people's held transfers make an
                // account look like the scam's collecting account (`payee.stops_24h`).
                let payer_k = key(&t.payer_account);
                let payer_is_mule = freezing_payer || state.is_mule(payer_k);
                {
                    let mut payer = state.accounts.entry(payer_k).or_default();
                    if person && warn_worthy {
                        // a person (not a company or a mule) whose transfer is held on evidence a
                        // warning could be sent on: a suspected victim. A hold on less is not
                        // grounds to call the payee a mule's collecting account.
                        payer.flags |= SUSPECT_VICTIM;
                    }
                }
                let payee = (person && !payer_is_mule).then(|| key(&t.payee_account));
                state.note_hold(payer_k, payee, now);
                true
            }
            (EventBody::Transaction(t), ActionReq::FreezePayee) => {
                freeze(state, &t.payee_account, &t.payee_bank, &mut action, stats)
            }
            (EventBody::Transaction(t), ActionReq::FreezePayer) => {
                freeze(state, &t.payer_account, &t.payer_bank, &mut action, stats)
            }
            (EventBody::Transaction(t), ActionReq::EarlyWarning) => {
                // a suspected victim is someone a warning is for (or was, within the cooldown)
                match state.payer_phone(t) {
                    Some(p) => {
                        mark_account(state, &t.payer_account, SUSPECT_VICTIM);
                        warn(
                            state,
                            &p,
                            event.ts_ms,
                            settings.warning_cooldown_ms,
                            &mut action,
                            stats,
                        )
                    }
                    None => false,
                }
            }
            (EventBody::Call(c), ActionReq::EarlyWarning) => warn(
                state,
                &c.callee,
                event.ts_ms,
                settings.warning_cooldown_ms,
                &mut action,
                stats,
            ),
            _ => false,
        };
        if target_ok {
            action.action_id = action_id(kind, action.target(), &event.event_id);
            out.push(action);
        }
    }
}

fn contract_severity(s: fanzha_rules::Severity) -> Severity {
    match s {
        fanzha_rules::Severity::Medium => Severity::Medium,
        fanzha_rules::Severity::High => Severity::High,
        fanzha_rules::Severity::Critical => Severity::Critical,
    }
}

fn mark_account(state: &State, account: &str, flag: u8) {
    state.accounts.entry(key(account)).or_default().flags |= flag;
}

fn freeze(
    state: &State,
    account: &str,
    bank: &str,
    action: &mut Action,
    stats: &mut DecisionStats,
) -> bool {
    let mut a = state.accounts.entry(key(account)).or_default();
    if a.flags & FROZEN != 0 {
        stats.suppressed_duplicate += 1;
        return false;
    }
    a.flags |= FROZEN | MULE;
    action.bank = Some(bank.to_string());
    action.account = Some(account.to_string());
    true
}

fn warn(
    state: &State,
    phone: &str,
    ts_ms: i64,
    cooldown_ms: i64,
    action: &mut Action,
    stats: &mut DecisionStats,
) -> bool {
    let mut p = state.phones.entry(key(phone)).or_default();
    if let Some(last) = p.last_warned_ms() {
        if (ts_ms - last).abs() < cooldown_ms {
            stats.suppressed_cooldown += 1;
            return false;
        }
    }
    p.set_warned(ts_ms);
    action.phone = Some(phone.to_string());
    true
}
