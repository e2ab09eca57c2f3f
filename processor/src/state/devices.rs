//! Per-device state: which accounts were used from a phone or computer (the `device_id` of a
//! transfer made in a banking app, online banking or a payment app). Mule operators run many
//! rented and bought cards from a few phones: a phone that operated two known mules is an
//! operator's phone, and every account used from it is the operator's card.
//!
//! The same state serves internet addresses (the transfer's `ip`): a card room runs its cards
//! from one connection even when it spreads them over many phones. An address is shared more
//! widely than a phone (a household, an office, a carrier's NAT) and changes hands (a carrier
//! gives it to someone else tomorrow), so it links accounts only while they use it together
//! ([`ADDRESS_TOGETHER_S`]); one that thirty accounts used links no one, and it takes two known
//! mules on one address to make it an operator's. Addresses that name no connection — a home
//! router's private range, link-local, a carrier's shared NAT range — link no one.

use super::ring::Secs;
use fanzha_contract::{Channel, Transaction};
use std::net::{IpAddr, SocketAddr};

/// Accounts remembered per device (the oldest goes first).
pub const DEVICE_ACCOUNTS: usize = 6;
/// Two accounts are linked by an address only if each used it within this long of the other
/// (by their latest use): a carrier re-issues addresses, a card room's cards use its connection
/// day after day.
pub const ADDRESS_TOGETHER_S: u32 = 2 * 86_400;
/// A "device" some 30 or more accounts were used from is no one's phone: a shared terminal, or a
/// feed that sends a model name or an app version as the device id. It links no one. Counted
/// in a 64-bit sketch of the accounts seen: 24 bits set is about 30 distinct accounts.
pub const SHARED_DEVICE_BITS: u32 = 24;

#[derive(Clone, Debug, Default)]
pub struct DeviceState {
    pub last_seen: Secs,
    accounts: [u64; DEVICE_ACCOUNTS],
    /// When each account last used it.
    used: [Secs; DEVICE_ACCOUNTS],
    len: u8,
    /// Where the next new account goes once the list is full (the oldest entry).
    next: u8,
    /// One bit per account ever seen, by its hash (see [`DeviceState::is_personal`]).
    seen_bits: u64,
}

impl DeviceState {
    /// The account (state key) was used from this device at `at`.
    pub fn note(&mut self, account: u64, at: Secs) {
        self.last_seen = self.last_seen.max(at);
        self.seen_bits |= 1 << (account.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58);
        if let Some(i) = self.accounts().iter().position(|a| *a == account) {
            self.used[i] = self.used[i].max(at);
            return;
        }
        let i = if (self.len as usize) < DEVICE_ACCOUNTS {
            self.len += 1;
            self.len as usize - 1
        } else {
            let i = self.next as usize;
            self.next = (self.next + 1) % DEVICE_ACCOUNTS as u8;
            i
        };
        self.accounts[i] = account;
        self.used[i] = at;
    }

    pub fn accounts(&self) -> &[u64] {
        &self.accounts[..self.len as usize]
    }

    /// When `account` last used it, if it is still among the accounts remembered.
    pub fn used_at(&self, account: u64) -> Option<Secs> {
        let i = self.accounts().iter().position(|a| *a == account)?;
        Some(self.used[i])
    }

    /// The accounts remembered with their latest use.
    pub fn uses(&self) -> impl Iterator<Item = (u64, Secs)> + '_ {
        self.accounts().iter().copied().zip(self.used)
    }

    /// One person's or one operator's device, not a shared one (see [`SHARED_DEVICE_BITS`]).
    pub fn is_personal(&self) -> bool {
        self.seen_bits.count_ones() < SHARED_DEVICE_BITS
    }

    /// How many accounts (at most [`DEVICE_ACCOUNTS`]) this device links; 0 when it is shared.
    pub fn sharers(&self) -> usize {
        if self.is_personal() {
            self.accounts().len()
        } else {
            0
        }
    }
}

/// The device kept for an account (its state key; 0 = none). One is kept, in 4 bytes that fit the
/// account state's padding; the pipeline keeps the personal device more accounts were used from
/// (of at most [`DEVICE_ACCOUNTS`] counted; on a tie, the latest) — a mule card is run from the
/// gang's phones, and also from its holder's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeptDevice(u32);

impl KeptDevice {
    pub fn note(&mut self, device: u64) {
        self.0 = device as u32;
    }

    pub fn get(&self) -> Option<u64> {
        (self.0 != 0).then_some(self.0 as u64)
    }
}

/// The state key of the device a transfer was made from: only a customer's own device (app,
/// online banking, payment app) — a shop's card terminal or an ATM is shared by everyone. A
/// 31-bit hash (the low bit is always set, so never 0) that an account holds in 4 bytes: among a
/// million devices a few hundred pairs share a key, and a shared key links accounts only if it
/// reaches two known mules. A placeholder a feed sends for no device (`unknown`, `null`, `-`,
/// zeros) is no device: it would link every customer it stood in for until thirty had used it.
pub fn device_of(t: &Transaction) -> Option<u64> {
    t.device_id
        .as_deref()
        .map(str::trim)
        .filter(|d| own_device(t) && !is_placeholder(d))
        .map(link_key)
}

fn is_placeholder(id: &str) -> bool {
    id.chars().all(|c| matches!(c, '0' | '-' | ':' | '.' | '_'))
        || ["unknown", "null", "none", "nil", "n/a", "undefined"]
            .iter()
            .any(|p| id.eq_ignore_ascii_case(p))
}

/// The state key of the internet address a transfer was made from, on the same channels as
/// [`device_of`] (a card terminal's or an ATM's address is the bank's). Kept apart from devices
/// (see [`super::State::networks`]), so an address and a device id never meet.
///
/// Only an address that could be a customer's connection links: one that parses as IPv4 or IPv6
/// (with or without a port), and is not a placeholder a feed sends when it has none — `0.0.0.0`,
/// a loopback, broadcast or multicast address, `unknown` — which would link every customer it
/// stood in for, nor one that names no connection (a private, link-local or shared-NAT address).
/// The key is the address's octets, so `1.2.3.4`, `1.2.3.4:5678` and `::ffff:1.2.3.4` are one;
/// an IPv6 address is keyed by its /64, the network a phone's changing addresses share.
pub fn network_of(t: &Transaction) -> Option<u64> {
    // a placeholder for none (`unknown`, `-`, blank) does not parse; `0.0.0.0` and `::` are
    // unspecified, below
    let ip = t.ip.as_deref().filter(|_| own_device(t))?.trim();
    let addr = ip
        .parse::<IpAddr>()
        .or_else(|_| ip.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()?;
    let key = match addr.to_canonical() {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            let names_no_one = v4.is_unspecified()
                || v4.is_loopback()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_private() // a home router's or an office's LAN
                || v4.is_link_local()
                || (a == 100 && (64..128).contains(&b)); // a carrier's shared NAT range
            if names_no_one {
                return None;
            }
            super::key_bytes(&v4.octets())
        }
        IpAddr::V6(v6) => {
            let [a, b, ..] = v6.octets();
            let names_no_one = v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || (a & 0xfe) == 0xfc // unique local
                || (a == 0xfe && (b & 0xc0) == 0x80); // link-local
            if names_no_one {
                return None;
            }
            // a phone's IPv6 address changes within its network's /64 (privacy addresses)
            super::key_bytes(&v6.octets()[..8])
        }
    };
    Some(link_hash(key))
}

/// Whether `t` was made from the customer's own device: in a banking app, online banking or a
/// payment app (not at a card terminal, an ATM or a bank counter).
pub fn own_device(t: &Transaction) -> bool {
    matches!(
        t.channel,
        Channel::MobileApp | Channel::OnlineBanking | Channel::ThirdParty
    )
}

fn link_key(id: &str) -> u64 {
    link_hash(super::key(id))
}

/// A device's or an address's key: 31 bits of its hash, the low bit set so it is never 0.
fn link_hash(hash: u64) -> u64 {
    hash as u32 as u64 | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_keeps_its_latest_accounts() {
        let mut d = DeviceState::default();
        for a in 1..=DEVICE_ACCOUNTS as u64 {
            d.note(a, 10);
            d.note(a, 11); // seen again: not twice
        }
        assert_eq!(d.accounts(), &[1, 2, 3, 4, 5, 6]);
        d.note(7, 12);
        d.note(8, 13);
        assert_eq!(d.accounts().len(), DEVICE_ACCOUNTS);
        assert!(!d.accounts().contains(&1) && !d.accounts().contains(&2));
        assert!(d.accounts().contains(&7) && d.accounts().contains(&8));
        assert_eq!(d.last_seen, 13);
        assert!(d.is_personal());
    }

    #[test]
    fn a_device_id_hundreds_of_accounts_send_is_no_ones_phone() {
        let key = |i: u64| crate::state::key(&format!("62220000{i:08}"));
        let mut d = DeviceState::default();
        // an operator's phone: 15 cards, used again and again
        for round in 0..10 {
            for i in 0..15 {
                d.note(key(i), round);
            }
        }
        assert!(d.is_personal());
        assert_eq!(d.sharers(), DEVICE_ACCOUNTS);
        for i in 15..200 {
            d.note(key(i), 11);
        }
        assert!(!d.is_personal());
        assert_eq!(d.sharers(), 0);
    }

    fn transfer(channel: Channel, device: Option<&str>, ip: Option<&str>) -> Transaction {
        Transaction {
            txn_id: "T1".into(),
            payer_account: "A".into(),
            payer_bank: "ABC".into(),
            payer_phone: None,
            payee_account: "B".into(),
            payee_bank: "BOC".into(),
            payee_name: None,
            amount_fen: 100,
            currency: None,
            channel,
            device_id: device.map(Into::into),
            ip: ip.map(Into::into),
        }
    }

    #[test]
    fn an_address_links_only_a_customers_own_transfers_and_never_meets_a_device_id() {
        let app = transfer(Channel::MobileApp, Some("X1"), Some(" 117.136.40.51 "));
        let n = network_of(&app).expect("an app transfer's address");
        assert_eq!(
            n,
            network_of(&transfer(Channel::ThirdParty, None, Some("117.136.40.51"))).unwrap()
        );
        assert_eq!(n & 1, 1, "never 0");
        // with a port it is the same address
        assert_eq!(
            network_of(&transfer(
                Channel::MobileApp,
                None,
                Some("117.136.40.51:50312")
            )),
            Some(n)
        );
        // the IPv4-mapped form is the same address; an IPv6 phone is its network's /64
        let key_of = |ip: &str| network_of(&transfer(Channel::MobileApp, None, Some(ip)));
        assert_eq!(key_of("::ffff:117.136.40.51"), Some(n));
        let v6 = key_of("2409:8a00:1:2::1").expect("a carrier's IPv6 address");
        assert_eq!(key_of("2409:8a00:1:2:abcd:1234:5678:9abc"), Some(v6));
        assert_ne!(key_of("2409:8a00:1:3::1"), Some(v6));
        // a card terminal's or an ATM's address is the bank's; no address, or a placeholder for
        // none, is no link
        for t in [
            transfer(Channel::Pos, None, Some("117.136.40.51")),
            transfer(Channel::Atm, None, Some("117.136.40.51")),
            transfer(Channel::MobileApp, None, Some("  ")),
            transfer(Channel::MobileApp, None, None),
            transfer(Channel::MobileApp, None, Some("0.0.0.0")),
            transfer(Channel::MobileApp, None, Some("127.0.0.1")),
            transfer(Channel::MobileApp, None, Some("255.255.255.255")),
            transfer(Channel::MobileApp, None, Some("::")),
            transfer(Channel::MobileApp, None, Some("unknown")),
            transfer(Channel::MobileApp, None, Some("-")),
            // addresses that name no connection: a home router's LAN, an office's, link-local,
            // a carrier's shared NAT range, IPv6 unique-local and link-local
            transfer(Channel::MobileApp, None, Some("192.168.1.100")),
            transfer(Channel::MobileApp, None, Some("10.0.0.1")),
            transfer(Channel::MobileApp, None, Some("172.16.0.5")),
            transfer(Channel::MobileApp, None, Some("169.254.1.1")),
            transfer(Channel::MobileApp, None, Some("100.64.0.1")),
            transfer(Channel::MobileApp, None, Some("::ffff:127.0.0.1")),
            transfer(Channel::MobileApp, None, Some("fd00::1")),
            transfer(Channel::MobileApp, None, Some("fe80::1")),
        ] {
            assert_eq!(network_of(&t), None, "{t:?}");
        }
        assert_eq!(device_of(&app), Some(link_key("X1")));
        // a placeholder for no device is no device
        for d in [
            "",
            " ",
            "unknown",
            "NULL",
            "-",
            "0",
            "00000000-0000-0000-0000-000000000000",
        ] {
            let t = transfer(Channel::MobileApp, Some(d), None);
            assert_eq!(device_of(&t), None, "{d:?}");
        }
    }

    #[test]
    fn an_account_keeps_one_device() {
        let mut a = KeptDevice::default();
        assert_eq!(a.get(), None);
        for d in [5, 6, 5, 7, 8] {
            a.note(d);
        }
        assert_eq!(a.get(), Some(8));
    }
}
