//! Per-entity state, keyed by phone, account and payer→payee relationship, in concurrent maps.
//!
//! Bounded two ways: entities idle longer than a time-to-live (in event time) are evicted by a
//! periodic sweep, and each map has a cap past which the least recently seen entries go first.
//! Keys are 64-bit hashes of the identifiers, so memory per entity does not grow with string length.

pub mod accounts;
pub mod card_tests;
pub mod devices;
pub mod holder;
pub mod holds;
mod index;
pub mod keys;
pub mod long_calls;
pub mod phones;
pub mod recent;
pub mod ring;
pub mod seen;
pub mod table;

use accounts::{AccountState, Relation, FROZEN, MULE, SUSPECT_VICTIM};
use card_tests::{CardTests, CARD_TEST_MEMORY_S};
use dashmap::DashMap;
use devices::DeviceState;
use holds::{Holds, HOLD_MEMORY_S};
use phones::{CallerState, PhoneState};
use ring::{to_secs, Secs};
use seen::Seen;
use std::borrow::Cow;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicI64, Ordering};
use table::Table;

/// 64-bit FNV-1a: fast for short identifiers, stable across runs (replays are deterministic).
pub fn key(s: &str) -> u64 {
    key_bytes(s.as_bytes())
}

/// [`key`] over raw bytes (an address's octets).
pub fn key_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

pub fn key2(a: &str, b: &str) -> u64 {
    let mut h = key(a);
    h ^= 0x1f;
    h = h.wrapping_mul(0x100000001b3);
    for byte in b.bytes() {
        h ^= byte as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Keys are already hashes: the map hasher only mixes them.
#[derive(Default)]
pub struct PreHashed(u64);
impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ *b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E3779B97F4A7C15);
    }
}

pub type Map<V> = DashMap<u64, V, BuildHasherDefault<PreHashed>>;

/// Watch-list membership bits.
pub mod lists {
    pub const SCAM_NUMBERS: u8 = 1;
    pub const MULE_ACCOUNTS: u8 = 2;
    pub const ALLOW: u8 = 4;
    pub const OTHER: u8 = 8;

    /// An allow-listed number (a bank's service line) vouches for a call only if the call passed
    /// caller-ID verification: scam call centres display banks' and platforms' service numbers.
    pub fn vouches(listed: u8, spoof: bool) -> bool {
        listed & ALLOW != 0 && !spoof
    }

    pub fn bit(list: &str) -> u8 {
        match list {
            "scam_numbers" => SCAM_NUMBERS,
            "mule_accounts" => MULE_ACCOUNTS,
            "allow" => ALLOW,
            _ => OTHER,
        }
    }
}

#[derive(Clone, Debug)]
pub struct StateConfig {
    /// Entities idle (in event time) longer than this are evicted.
    pub entity_ttl_ms: i64,
    /// Payer→payee relationships are remembered this long ("is this payee new?").
    pub relation_ttl_ms: i64,
    /// At most this many entities per map; past it the least recently seen go first.
    pub max_entities: usize,
}

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            entity_ttl_ms: 3 * 86_400_000,
            relation_ttl_ms: 180 * 86_400_000,
            max_entities: 5_000_000,
        }
    }
}

/// Entity states (accounts, phones, callers) and relationships sit in slab-backed [`Table`]s, so the
/// empty buckets of a hash table cost 4 bytes each rather than a whole state; the watch-list bits
/// stay inline in `DashMap`s.
#[derive(Default)]
pub struct State {
    pub accounts: Table<AccountState>,
    pub phones: Table<PhoneState>,
    pub callers: Table<CallerState>,
    pub relations: Table<Relation>,
    pub devices: Table<DeviceState>,
    /// Internet addresses transfers were made from, the accounts each served (see [`devices`]).
    pub networks: Table<DeviceState>,
    /// The latest transfers of ¥1 or less each account received, and their senders (see
    /// [`card_tests`]).
    pub card_tests: Table<CardTests>,
    /// The times of the stop-payments fanzha issued on transfers into and out of each account it
    /// held one of (see [`holds`]).
    pub holds: Table<Holds>,
    pub phone_lists: Map<u8>,
    pub account_lists: Map<u8>,
    /// Event and transfer ids already scored (see [`seen`]).
    pub seen: Seen,
    pub config: StateConfig,
    watermark_ms: AtomicI64,
}

/// Which uses of a device or address link (see [`State::linked_mules`]).
#[derive(Clone, Copy)]
enum Together {
    /// Every account remembered (a phone is not re-issued).
    Any,
    /// Those that used it near this time.
    Near(Secs),
    /// Those that used it near the account's own latest use (none if it is no longer listed).
    OwnUse,
}

/// How many entities of each kind are held, and roughly how many bytes.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct StateSize {
    pub accounts: usize,
    pub phones: usize,
    pub callers: usize,
    pub relations: usize,
    pub devices: usize,
    pub networks: usize,
    pub card_tests: usize,
    /// Accounts fanzha held a transfer of, or into, in the last day.
    pub holds: usize,
    pub listed: usize,
    /// Event and transfer ids remembered to skip repeats.
    pub seen_ids: usize,
    pub approx_bytes: usize,
}

impl State {
    pub fn new(config: StateConfig) -> Self {
        State {
            seen: Seen::new(config.max_entities),
            config,
            ..Default::default()
        }
    }

    /// The payer's phone: the one the transfer names, else the one bound to the payer account by an
    /// earlier transfer (KYC binds a phone to an account; not every bank sends it every time).
    pub fn payer_phone<'a>(&self, t: &'a fanzha_contract::Transaction) -> Option<Cow<'a, str>> {
        match &t.payer_phone {
            Some(p) => Some(Cow::Borrowed(p)),
            None => self.bound_phone(&t.payer_account).unpack().map(Cow::Owned),
        }
    }

    /// The phone bound to `account` by an earlier transfer (none if never seen with one).
    pub fn bound_phone(&self, account: &str) -> accounts::BoundPhone {
        self.accounts
            .get(&key(account))
            .map(|a| a.phone)
            .unwrap_or_default()
    }

    /// The highest event time seen, moved at most [`MAX_WATERMARK_STEP_MS`] per event: what
    /// "now" is for eviction.
    pub fn watermark_ms(&self) -> i64 {
        self.watermark_ms.load(Ordering::Relaxed)
    }

    /// Moves the watermark towards `ts_ms`, by at most [`MAX_WATERMARK_STEP_MS`] (the first
    /// event sets it). One event with a wrong clock far ahead of the stream would otherwise make
    /// every entity look idle and the next sweep would drop the whole state; after a real gap in
    /// the stream the watermark catches up within a few events. Returns by how much `ts_ms` is
    /// still ahead of the watermark (0 when it is not).
    pub fn advance(&self, ts_ms: i64) -> i64 {
        let mut cur = self.watermark_ms.load(Ordering::Relaxed);
        loop {
            let new = if cur == 0 {
                ts_ms
            } else {
                ts_ms.min(cur.saturating_add(MAX_WATERMARK_STEP_MS))
            };
            if new <= cur {
                return 0;
            }
            match self.watermark_ms.compare_exchange_weak(
                cur,
                new,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return ts_ms - new,
                Err(now) => cur = now,
            }
        }
    }

    pub fn phone_listed(&self, phone: u64) -> u8 {
        self.phone_lists.get(&phone).map(|v| *v).unwrap_or(0)
    }

    /// Whether `caller`'s listing vouches for a call (see [`lists::vouches`]).
    pub fn caller_vouched(&self, caller: u64, spoof: bool) -> bool {
        lists::vouches(self.phone_listed(caller), spoof)
    }

    pub fn account_listed(&self, account: u64) -> u8 {
        self.account_lists.get(&account).map(|v| *v).unwrap_or(0)
    }

    /// Whether the account is known as a mule: frozen by fanzha or on the `mule_accounts` list.
    pub fn is_mule(&self, account: u64) -> bool {
        self.account_listed(account) & lists::MULE_ACCOUNTS != 0
            || self
                .accounts
                .get(&account)
                .is_some_and(|a| a.flags & MULE != 0)
    }

    /// Notes a stop-payment at `now` on a transfer out of `payer` and, when `payee` is given (a
    /// person's transfer, not a known mule's), into `payee` (see [`holds`]).
    pub fn note_hold(&self, payer: u64, payee: Option<u64>, now: Secs) {
        self.holds.entry(payer).or_default().out_of.note(now);
        if let Some(payee) = payee {
            self.holds.entry(payee).or_default().into.note(now);
        }
    }

    /// Stop-payments on transfers out of `account`: in the day before `now`, and in a row up to
    /// `now` (see [`holds`]).
    pub fn held_out_of(&self, account: u64, now: Secs) -> (u32, u32) {
        self.holds
            .get(&account)
            .map_or((0, 0), |h| h.out_of_counts(now))
    }

    /// Stop-payments on people's transfers into `account`: in the day before `now`, and in a row
    /// up to `now` (see [`holds`]).
    pub fn stops_into(&self, account: u64, now: Secs) -> (u32, u32) {
        self.holds
            .get(&account)
            .map_or((0, 0), |h| h.into_counts(now))
    }

    /// Whether a known mule tested `account` with ¥1 or less in the last three days (see
    /// [`card_tests`]). Hold no reference into `accounts` when calling this.
    pub fn tested_by_mule(&self, account: u64, now: Secs) -> bool {
        // a copy: no reference into `card_tests` is held while the testers' accounts are read
        let tests = self.card_tests.get(&account).map(|t| *t);
        tests.is_some_and(|t| t.testers_at(now).any(|tester| self.is_mule(tester)))
    }

    /// The person behind a known mule (its holder's name, else its bound phone, else the account
    /// itself), or `None` when the account is not known as a mule: two cards one person sold are
    /// one link, not two (a son's two cards used from home do not make his mother's account a
    /// card room's).
    fn mule_person(&self, account: u64) -> Option<u64> {
        let listed = self.account_listed(account) & lists::MULE_ACCOUNTS != 0;
        match self.accounts.get(&account) {
            Some(a) if listed || a.flags & MULE != 0 => Some(if a.holder != 0 {
                1 << 63 | a.holder as u64
            } else {
                a.phone.key().unwrap_or(account)
            }),
            _ => listed.then_some(account),
        }
    }

    /// Known mules other than `except` (by the people behind them, see [`State::mule_person`])
    /// that were used from `device` (see [`devices`]); 0 for a shared device. Hold no reference into `accounts` when calling this.
    pub fn device_mules(&self, device: Option<u64>, except: u64) -> u32 {
        self.linked_mules(&self.devices, device, except, Together::Any)
    }

    /// Accounts other than `payer`, known as mules, that used `network` (see
    /// [`devices::network_of`]) within [`devices::ADDRESS_TOGETHER_S`] before `now`, when the
    /// payer uses it.
    pub fn network_mules(&self, network: Option<u64>, payer: u64, now: Secs) -> u32 {
        self.linked_mules(&self.networks, network, payer, Together::Near(now))
    }

    /// The same for the address kept for `account`, around the account's own latest use of it;
    /// 0 once the address no longer lists the account (others used it since).
    pub fn kept_network_mules(&self, network: Option<u64>, account: u64) -> u32 {
        self.linked_mules(&self.networks, network, account, Together::OwnUse)
    }

    fn linked_mules(
        &self,
        links: &Table<DeviceState>,
        link: Option<u64>,
        except: u64,
        together: Together,
    ) -> u32 {
        // a copy: no reference into `links` is held while the accounts are read
        let dev = match link.and_then(|d| links.get(&d).map(|d| (*d).clone())) {
            Some(dev) if dev.is_personal() => dev,
            _ => return 0,
        };
        let near = match together {
            Together::Any => None,
            Together::Near(at) => Some(at),
            Together::OwnUse => match dev.used_at(except) {
                Some(at) => Some(at),
                None => return 0,
            },
        };
        // the people behind the known mules among them, each counted once
        let mut people = [0u64; devices::DEVICE_ACCOUNTS];
        let mut count = 0;
        for (a, used) in dev.uses() {
            if a == except || near.is_some_and(|t| used.abs_diff(t) > devices::ADDRESS_TOGETHER_S) {
                continue;
            }
            if let Some(p) = self.mule_person(a) {
                if !people[..count].contains(&p) {
                    people[count] = p;
                    count += 1;
                }
            }
        }
        count as u32
    }

    /// Counts, and the bytes the maps hold from their capacities (empty buckets included):
    /// what the process's resident memory grows by, allocator overhead aside.
    pub fn size(&self) -> StateSize {
        let (a, p, c, r) = (
            self.accounts.len(),
            self.phones.len(),
            self.callers.len(),
            self.relations.len(),
        );
        let listed = self.phone_lists.len() + self.account_lists.len();
        StateSize {
            accounts: a,
            phones: p,
            callers: c,
            relations: r,
            devices: self.devices.len(),
            networks: self.networks.len(),
            card_tests: self.card_tests.len(),
            holds: self.holds.len(),
            listed,
            seen_ids: self.seen.len(),
            approx_bytes: self.accounts.bytes()
                + self.phones.bytes()
                + self.callers.bytes()
                + self.relations.bytes()
                + self.devices.bytes()
                + self.networks.bytes()
                + self.card_tests.bytes()
                + self.holds.bytes()
                + map_bytes(&self.phone_lists)
                + map_bytes(&self.account_lists)
                + self.seen.bytes(),
        }
    }

    /// Entries the sweep can evict: entities and relationships (watch-list entries stay).
    fn evictable(&self) -> usize {
        self.accounts.len()
            + self.phones.len()
            + self.callers.len()
            + self.relations.len()
            + self.devices.len()
            + self.networks.len()
            + self.card_tests.len()
            + self.holds.len()
    }

    /// Drops entities idle past their time-to-live, then trims maps over the cap.
    /// Returns how many entries were removed.
    pub fn evict(&self) -> usize {
        let now = self.watermark_ms();
        let ttl_cut = to_secs(now - self.config.entity_ttl_ms);
        let rel_cut = to_secs(now - self.config.relation_ttl_ms);
        let before = self.evictable();
        // accounts flagged as mules are kept as long as relationships: they are evidence
        let evidence = MULE | FROZEN | SUSPECT_VICTIM;
        self.accounts.retain(|_, a| {
            a.last_seen >= ttl_cut || (a.flags & evidence != 0 && a.last_seen >= rel_cut)
        });
        self.phones.retain(|_, p| p.last_seen >= ttl_cut);
        self.callers.retain(|_, c| c.last_seen >= ttl_cut);
        self.relations.retain(|_, r| r.last >= rel_cut);
        self.devices.retain(|_, d| d.last_seen >= ttl_cut);
        self.networks.retain(|_, d| d.last_seen >= ttl_cut);
        // a test is kept its own three days, whatever the entities' time-to-live
        let test_cut = to_secs(now).saturating_sub(CARD_TEST_MEMORY_S);
        self.card_tests.retain(|_, t| t.latest() >= test_cut);
        // a hold is kept a day, whatever the entities' time-to-live
        let hold_cut = to_secs(now).saturating_sub(HOLD_MEMORY_S);
        self.holds.retain(|_, h| h.latest() >= hold_cut);
        let cap = self.config.max_entities;
        trim(&self.accounts, cap, |a| a.last_seen);
        trim(&self.phones, cap, |p| p.last_seen);
        trim(&self.callers, cap, |c| c.last_seen);
        trim(&self.relations, cap, |r| r.last);
        trim(&self.devices, cap, |d| d.last_seen);
        trim(&self.networks, cap, |d| d.last_seen);
        trim(&self.card_tests, cap, |t| t.latest());
        trim(&self.holds, cap, |h| h.latest());
        before - self.evictable()
    }
}

/// How far one event can move the watermark (see [`State::advance`]).
pub const MAX_WATERMARK_STEP_MS: i64 = 3_600_000;

/// Bytes of a hashbrown table (a `DashMap`'s, a `HashSet`'s) of `capacity` entries of `entry`
/// bytes: each bucket holds an entry and has a control byte; buckets = capacity * 8 / 7, a power
/// of two.
pub(crate) fn hash_table_bytes(capacity: usize, entry: usize) -> usize {
    let buckets = match capacity {
        0 => 0,
        cap => (cap * 8 / 7).next_power_of_two(),
    };
    buckets * (entry + 1)
}

/// Bytes of a `DashMap`'s tables (see [`hash_table_bytes`]).
fn map_bytes<V>(map: &Map<V>) -> usize {
    hash_table_bytes(map.capacity(), std::mem::size_of::<(u64, V)>())
}

/// Removes the least recently seen entries until the map holds at most `cap`.
fn trim<V: Default>(map: &Table<V>, cap: usize, seen: impl Fn(&V) -> Secs) {
    let len = map.len();
    if len <= cap {
        return;
    }
    let mut times = Vec::with_capacity(len);
    map.for_each(|_, v| times.push(seen(v)));
    let excess = len - cap;
    let (_, cut, _) = times.select_nth_unstable(excess - 1);
    let cut = *cut;
    let mut removed = 0;
    map.retain(|_, v| {
        if removed < excess && seen(v) <= cut {
            removed += 1;
            false
        } else {
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_eviction_uses_event_time() {
        let s = State::new(StateConfig {
            entity_ttl_ms: 3_600_000,
            relation_ttl_ms: 7_200_000,
            max_entities: 100,
        });
        let t0 = 1_764_300_000_000;
        s.accounts
            .entry(key("a"))
            .or_default()
            .record_out(t0, 100, 1, 0);
        s.accounts
            .entry(key("b"))
            .or_default()
            .record_out(t0 + 3_000_000, 100, 1, 0);
        s.advance(t0 + 3_700_000);
        assert_eq!(s.evict(), 1);
        assert!(s.accounts.contains_key(&key("b")));
        assert!(!s.accounts.contains_key(&key("a")));
    }

    #[test]
    fn holds_are_kept_a_day_after_the_latest() {
        let s = State::new(StateConfig::default());
        let t0 = 1_764_300_000_000;
        s.advance(t0);
        let at = to_secs(t0);
        s.note_hold(key("payer"), Some(key("payee")), at);
        assert_eq!(s.held_out_of(key("payer"), at), (1, 1));
        assert_eq!(s.stops_into(key("payee"), at), (1, 1));
        s.advance(t0 + 3_600_000);
        assert_eq!(s.evict(), 0);
        for h in 1..=25 {
            s.advance(t0 + h * 3_600_000);
        }
        assert_eq!(s.evict(), 2);
        assert!(s.holds.is_empty());
    }

    #[test]
    fn cap_drops_least_recently_seen() {
        let s = State::new(StateConfig {
            max_entities: 3,
            ..StateConfig::default()
        });
        let t0 = 1_764_300_000_000;
        for i in 0..5 {
            s.accounts
                .entry(key(&format!("acct{i}")))
                .or_default()
                .record_in(t0 + i * 1000, 100, 1, 0);
        }
        s.advance(t0 + 5000);
        s.evict();
        assert_eq!(s.accounts.len(), 3);
        assert!(s.accounts.contains_key(&key("acct4")));
        assert!(!s.accounts.contains_key(&key("acct0")));
    }

    #[test]
    fn mules_run_from_a_device_are_counted_unless_it_is_shared() {
        let s = State::default();
        let (dev, other_dev) = (key("OPS-PHONE") | 1, key("HOME-PHONE") | 1);
        for (acct, d) in [("M1", dev), ("M2", dev), ("M1", other_dev), ("X", dev)] {
            s.devices.entry(d).or_default().note(key(acct), 10);
        }
        s.account_lists.insert(key("M1"), lists::MULE_ACCOUNTS);
        s.accounts.entry(key("M2")).or_default().flags |= MULE;
        assert_eq!(s.device_mules(Some(dev), key("X")), 2);
        assert_eq!(s.device_mules(Some(dev), key("M1")), 1);
        assert_eq!(s.device_mules(Some(other_dev), key("X")), 1);
        assert_eq!(s.device_mules(None, key("X")), 0);
        // the same id sent by 40 accounts is no one's phone: it links no one
        for i in 0..40 {
            s.devices
                .entry(dev)
                .or_default()
                .note(key(&format!("Y{i}")), 11);
        }
        assert_eq!(s.device_mules(Some(dev), key("X")), 0);
    }

    #[test]
    fn mules_on_an_address_are_counted_apart_from_devices() {
        let s = State::default();
        // the key a transfer's address gets (`network_of` keys the address's octets)
        let addr = key_bytes(&[117, 136, 40, 51]) as u32 as u64 | 1;
        for acct in ["M1", "M2", "X"] {
            s.networks.entry(addr).or_default().note(key(acct), 10);
        }
        s.account_lists.insert(key("M1"), lists::MULE_ACCOUNTS);
        s.accounts.entry(key("M2")).or_default().flags |= MULE;
        assert_eq!(s.network_mules(Some(addr), key("X"), 10), 2);
        assert_eq!(s.network_mules(Some(addr), key("M2"), 10), 1);
        assert_eq!(s.kept_network_mules(Some(addr), key("X")), 2);
        // a customer the carrier gives the address to three days later is not linked to them
        let later = 10 + 3 * 86_400;
        assert_eq!(s.network_mules(Some(addr), key("Y"), later), 0);
        s.networks.entry(addr).or_default().note(key("Y"), later);
        assert_eq!(s.kept_network_mules(Some(addr), key("Y")), 0);
        // nor is an account the address no longer lists (six others used it since)
        for i in 0..6 {
            s.networks
                .entry(addr)
                .or_default()
                .note(key(&format!("Z{i}")), 20);
        }
        assert_eq!(s.kept_network_mules(Some(addr), key("X")), 0);
        // the same key as a device is another device: its own mules count (M3), not the
        // address's (M1, M2)
        for acct in ["M3", "X"] {
            s.devices.entry(addr).or_default().note(key(acct), 10);
        }
        s.accounts.entry(key("M3")).or_default().flags |= MULE;
        assert_eq!(s.device_mules(Some(addr), key("X")), 1);
        assert_eq!((s.size().networks, s.size().devices), (1, 1));
    }

    #[test]
    fn keys_are_stable() {
        assert_eq!(key("6222020200112233"), key("6222020200112233"));
        assert_ne!(key2("a", "bc"), key2("ab", "c"));
    }
}
