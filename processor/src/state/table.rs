//! A concurrent map from 64-bit keys to per-entity states, with the states kept in chunked slabs.
//!
//! Why not a plain `DashMap<u64, V>`: a hash table holds its values in its buckets, and between
//! resizes 12-56 % of the buckets are empty, so a 250-byte state costs 290-580 bytes of memory per
//! entity depending on where the table is in its growth. Here the hash index holds 4-byte words
//! (a tag and a slot number, see [`super::index`]) and the keys and states sit densely in chunks of
//! [`CHUNK`] slots: an empty bucket costs 4 bytes, not a whole state. Freed slots (evicted
//! entities) are reused.
//!
//! The keys are spread over [`SHARDS`] shards, each an index and its slab, held as the values of a
//! `DashMap` keyed by shard number: locking is dashmap's (reader-preferring), so a thread may hold
//! several read guards at once (features read the payer and the payee together) exactly as it could
//! on a `DashMap` of states, and reads copy nothing. [`Ref`] and [`RefMut`] dereference to the
//! state, so `get(&k)`, `entry(k).or_default()`, `contains_key`, `len` and `retain` read as they
//! did on `DashMap`.

use super::index::{Index, MAX_SLOTS};
use super::PreHashed;
use dashmap::mapref::one::{MappedRef, MappedRefMut, RefMut as ShardMut};
use dashmap::DashMap;
use std::hash::BuildHasherDefault;
use std::ops::{Deref, DerefMut};

/// Slots per slab chunk: a chunk is allocated whole, so this bounds the unused tail per shard.
pub const CHUNK: usize = 256;

/// A 64-bit key as two halves: 4-byte aligned, so a small state (a 12-byte relationship) and its
/// key take 20 bytes, not 24.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Key([u32; 2]);

impl Key {
    fn new(k: u64) -> Key {
        Key([k as u32, (k >> 32) as u32])
    }
    fn get(self) -> u64 {
        self.0[0] as u64 | (self.0[1] as u64) << 32
    }
}

struct Shard<V> {
    index: Index,
    /// Slot `i` is `chunks[i / CHUNK][i % CHUNK]`: the entity's key and state.
    chunks: Vec<Vec<(Key, V)>>,
    free: Vec<u32>,
}

impl<V> Default for Shard<V> {
    fn default() -> Self {
        Shard {
            index: Index::default(),
            chunks: Vec::new(),
            free: Vec::new(),
        }
    }
}

fn entry_at<V>(chunks: &[Vec<(Key, V)>], slot: u32) -> &(Key, V) {
    &chunks[slot as usize / CHUNK][slot as usize % CHUNK]
}

impl<V: Default> Shard<V> {
    fn at(&self, slot: u32) -> &V {
        &entry_at(&self.chunks, slot).1
    }

    fn at_mut(&mut self, slot: u32) -> &mut V {
        &mut self.chunks[slot as usize / CHUNK][slot as usize % CHUNK].1
    }

    fn find(&self, k: u64) -> Option<u32> {
        let chunks = &self.chunks;
        self.index.find(k, |slot| entry_at(chunks, slot).0.get())
    }

    /// The slot of `k`, a new one holding `V::default()` if absent (a freed slot if any, else the
    /// next one of the last chunk).
    fn find_or_insert(&mut self, k: u64) -> u32 {
        if let Some(slot) = self.find(k) {
            return slot;
        }
        let slot = match self.free.pop() {
            Some(slot) => {
                self.chunks[slot as usize / CHUNK][slot as usize % CHUNK] =
                    (Key::new(k), V::default());
                slot
            }
            None => {
                if self.chunks.last().is_none_or(|c| c.len() == CHUNK) {
                    self.chunks.push(Vec::with_capacity(CHUNK));
                }
                let n = self.chunks.len() - 1;
                let last = &mut self.chunks[n];
                last.push((Key::new(k), V::default()));
                let slot = n * CHUNK + last.len() - 1;
                assert!(slot < MAX_SLOTS as usize, "state shard full");
                slot as u32
            }
        };
        let chunks = &self.chunks;
        self.index.insert(k, slot, |s| entry_at(chunks, s).0.get());
        slot
    }

    /// Keeps the entries for which `keep` is true and re-indexes them; the other slots are reused.
    fn retain(&mut self, keep: &mut impl FnMut(&u64, &mut V) -> bool) {
        let mut kept = Vec::with_capacity(self.index.len());
        for slot in self.index.slots() {
            let (key, v) = &mut self.chunks[slot as usize / CHUNK][slot as usize % CHUNK];
            if keep(&key.get(), v) {
                kept.push((key.get(), slot));
            } else {
                self.free.push(slot);
            }
        }
        if kept.len() < self.index.len() {
            self.index.rebuild(&kept);
        }
    }

    fn bytes(&self) -> usize {
        self.index.bytes()
            // a chunk's untouched tail is reserved, not resident
            + self.chunks.iter().map(Vec::len).sum::<usize>() * std::mem::size_of::<(Key, V)>()
            + self.free.capacity() * 4
    }
}

/// Shards per table (a power of two); several share one dashmap lock.
pub const SHARDS: u64 = 64;

type Shards<V> = DashMap<u64, Shard<V>, BuildHasherDefault<PreHashed>>;

/// See the module documentation.
pub struct Table<V> {
    shards: Shards<V>,
}

impl<V: Default> Default for Table<V> {
    fn default() -> Self {
        let shards = Shards::default();
        for i in 0..SHARDS {
            shards.insert(i, Shard::default());
        }
        Table { shards }
    }
}

impl<V: Default> Table<V> {
    /// The shard of `k`: bits of the mixed key below the top 7, which the inner table uses for its
    /// control bytes (as DashMap does).
    fn shard_of(k: u64) -> u64 {
        (k.wrapping_mul(0x9E3779B97F4A7C15) << 7) >> (64 - SHARDS.trailing_zeros())
    }

    fn write(&self, k: u64) -> ShardMut<'_, u64, Shard<V>> {
        self.shards
            .get_mut(&Self::shard_of(k))
            .expect("every shard exists")
    }

    /// A read guard on the entry's state.
    pub fn get(&self, k: &u64) -> Option<Ref<'_, V>> {
        let shard = self.shards.get(&Self::shard_of(*k))?;
        let inner = shard.try_map(|s| s.find(*k).map(|slot| s.at(slot))).ok()?;
        Some(Ref { inner, key: *k })
    }

    pub fn get_mut(&self, k: &u64) -> Option<RefMut<'_, V>> {
        let inner = self
            .write(*k)
            .try_map(|s| match s.find(*k) {
                Some(slot) => Some(s.at_mut(slot)),
                None => None,
            })
            .ok()?;
        Some(RefMut { inner, key: *k })
    }

    /// The entry for `k`, write-locked until the returned guard is dropped.
    pub fn entry(&self, k: u64) -> Entry<'_, V> {
        Entry {
            shard: self.write(k),
            key: k,
        }
    }

    pub fn contains_key(&self, k: &u64) -> bool {
        self.shards
            .get(&Self::shard_of(*k))
            .is_some_and(|s| s.find(*k).is_some())
    }

    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.index.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps the entries for which `keep` is true; the slots of the others are reused.
    pub fn retain(&self, mut keep: impl FnMut(&u64, &mut V) -> bool) {
        for mut shard in self.shards.iter_mut() {
            shard.retain(&mut keep);
        }
    }

    /// Calls `f` on every entry (each shard read-locked in turn).
    pub fn for_each(&self, mut f: impl FnMut(&u64, &V)) {
        for s in self.shards.iter() {
            for slot in s.index.slots() {
                let (k, v) = entry_at(&s.chunks, slot);
                f(&k.get(), v);
            }
        }
    }

    /// Bytes held: index buckets, slab chunks and free lists (allocator overhead aside).
    pub fn bytes(&self) -> usize {
        self.shards.iter().map(|s| s.bytes()).sum()
    }
}

/// A read guard on one entry (its shard's lock is held while this lives).
pub struct Ref<'a, V> {
    inner: MappedRef<'a, u64, Shard<V>, V>,
    key: u64,
}

impl<V> Ref<'_, V> {
    pub fn key(&self) -> &u64 {
        &self.key
    }
    pub fn value(&self) -> &V {
        self.inner.value()
    }
}

impl<V> Deref for Ref<'_, V> {
    type Target = V;
    fn deref(&self) -> &V {
        self.inner.value()
    }
}

/// A write guard on one entry (its shard's lock is held while this lives).
pub struct RefMut<'a, V> {
    inner: MappedRefMut<'a, u64, Shard<V>, V>,
    key: u64,
}

impl<V> RefMut<'_, V> {
    pub fn key(&self) -> &u64 {
        &self.key
    }
    pub fn value(&self) -> &V {
        self.inner.value()
    }
    pub fn value_mut(&mut self) -> &mut V {
        self.inner.value_mut()
    }
}

impl<V> Deref for RefMut<'_, V> {
    type Target = V;
    fn deref(&self) -> &V {
        self.inner.value()
    }
}

impl<V> DerefMut for RefMut<'_, V> {
    fn deref_mut(&mut self) -> &mut V {
        self.inner.value_mut()
    }
}

/// An entry that may not exist yet; its shard is write-locked.
pub struct Entry<'a, V> {
    shard: ShardMut<'a, u64, Shard<V>>,
    key: u64,
}

impl<'a, V: Default> Entry<'a, V> {
    /// The entry, inserted with `V::default()` if absent.
    pub fn or_default(self) -> RefMut<'a, V> {
        let k = self.key;
        let inner = self.shard.map(|s| {
            let slot = s.find_or_insert(k);
            s.at_mut(slot)
        });
        RefMut {
            inner,
            key: self.key,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Clone, Debug, PartialEq)]
    struct S {
        n: u32,
    }

    #[test]
    fn insert_get_update_and_reuse_freed_slots() {
        let t: Table<S> = Table::default();
        for k in 0..5000u64 {
            t.entry(k * 0x1234_5678_9abc).or_default().n = k as u32;
        }
        assert_eq!(t.len(), 5000);
        assert_eq!(t.get(&(77 * 0x1234_5678_9abc)).map(|r| r.n), Some(77));
        assert!(t.get(&1).is_none());
        t.entry(77 * 0x1234_5678_9abc).or_default().n += 100;
        assert_eq!(t.get(&(77 * 0x1234_5678_9abc)).unwrap().n, 177);
        let chunks_before = t.bytes();
        t.retain(|k, v| {
            assert_eq!(*k % 0x1234_5678_9abc, 0);
            v.n % 2 == 0
        });
        assert_eq!(t.len(), 2500);
        assert!(!t.contains_key(&(3 * 0x1234_5678_9abc)));
        // a removed key comes back fresh, in a reused slot
        for k in 0..5000u64 {
            let fresh = t.entry(k * 0x1234_5678_9abc).or_default().n;
            if k % 2 == 1 {
                assert_eq!(fresh, 0);
            }
        }
        assert_eq!(t.len(), 5000);
        assert!(t.bytes() <= chunks_before + 64 * 1024, "slots reused");
        let mut seen = 0;
        t.for_each(|k, v| {
            assert_eq!(*k % 0x1234_5678_9abc, 0);
            assert_eq!(v.n % 2, 0, "odd ones were evicted and came back fresh");
            seen += 1;
        });
        assert_eq!(seen, 5000);
    }

    #[test]
    fn several_read_guards_at_once_and_keys_keep_all_bits() {
        let t: Table<S> = Table::default();
        for k in 0..1000u64 {
            t.entry(k).or_default().n = k as u32;
        }
        t.entry(u64::MAX).or_default().n = 7;
        // a thousand read guards at once: several per shard, and several shards per lock
        let all: Vec<_> = (0..1000u64).map(|k| t.get(&k).unwrap()).collect();
        assert!(all.iter().enumerate().all(|(i, r)| r.n == i as u32));
        let m = t.get(&u64::MAX).unwrap();
        assert_eq!((m.n, *m.key()), (7, u64::MAX));
    }
}
