//! The state keys of one event, worked out once: the features read state under them, and the state
//! update writes under the same ones after the decisions.

use super::{devices, key, key2};
use fanzha_contract::{Event, EventBody};

/// Where a transfer lives in state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransferKeys {
    pub payer: u64,
    pub payee: u64,
    /// The payer→payee relationship.
    pub pair: u64,
    /// The device it was made from, if it names a personal one (see [`devices::device_of`]).
    pub device: Option<u64>,
    /// The internet address it came over, if one links accounts (see [`devices::network_of`]).
    pub network: Option<u64>,
}

/// Where a call lives in state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallKeys {
    pub caller: u64,
    pub callee: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    Transfer(TransferKeys),
    Call(CallKeys),
    /// A watch-list update keys its own entry.
    Other,
}

impl Keys {
    pub fn of(event: &Event) -> Keys {
        match &event.body {
            EventBody::Transaction(t) => Keys::Transfer(TransferKeys {
                payer: key(&t.payer_account),
                payee: key(&t.payee_account),
                pair: key2(&t.payer_account, &t.payee_account),
                device: devices::device_of(t),
                network: devices::network_of(t),
            }),
            EventBody::Call(c) => Keys::Call(CallKeys {
                caller: key(&c.caller),
                callee: key(&c.callee),
            }),
            EventBody::Watchlist(_) => Keys::Other,
        }
    }
}
