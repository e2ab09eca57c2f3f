//! A concurrent map from 64-bit keys to per-entity states, with the states kept in chunked slabs.
//!
//! Why not a plain `DashMap<u64, V>`: a hash table holds its values in its buckets, and between
//! resizes 12-56 % of the buckets are empty, so a 250-byte state costs 290-580 bytes of memory per
//! entity depending on where the table is in its growth. Here the table holds only the key and a
//! 4-byte slot number (12 bytes a bucket), and the states sit densely in chunks of [`CHUNK`] slots:
//! empty buckets cost 13 bytes, not a whole state. Freed slots (evicted entities) are reused.
//!
//! The keys are spread over shards, each an `RwLock` over its index and its slab. `get` copies the
//! state out (a few hundred bytes) and releases the lock at once, so a reader holds no lock while it
//! works and may read several entries together (features read the payer and the payee); `entry`
//! returns a write guard, held until dropped (as with `DashMap`, do not read or write the same
//! table while holding one). [`Ref`] and [`RefMut`] dereference to the state, so `get(&k)`,
//! `entry(k).or_default()`, `contains_key`, `len` and `retain` read as they did on `DashMap`.

use super::PreHashed;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::{Deref, DerefMut};
use std::sync::{RwLock, RwLockWriteGuard};

/// Slots per slab chunk: a chunk is allocated whole, so this bounds the unused tail per shard.
pub const CHUNK: usize = 1024;

/// A 64-bit key as two halves: 4-byte aligned, so a bucket (key, slot) is 12 bytes, not 16.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key([u32; 2]);

impl Key {
    fn new(k: u64) -> Key {
        Key([k as u32, (k >> 32) as u32])
    }
    fn get(self) -> u64 {
        self.0[0] as u64 | (self.0[1] as u64) << 32
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.get());
    }
}

struct Shard<V> {
    index: HashMap<Key, u32, BuildHasherDefault<PreHashed>>,
    chunks: Vec<Vec<V>>,
    free: Vec<u32>,
}

impl<V> Default for Shard<V> {
    fn default() -> Self {
        Shard {
            index: HashMap::default(),
            chunks: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<V: Default> Shard<V> {
    fn at(&self, slot: u32) -> &V {
        &self.chunks[slot as usize / CHUNK][slot as usize % CHUNK]
    }

    fn at_mut(&mut self, slot: u32) -> &mut V {
        &mut self.chunks[slot as usize / CHUNK][slot as usize % CHUNK]
    }

    /// A slot holding `V::default()`: a freed one if any, else the next one of the last chunk.
    fn alloc(&mut self) -> u32 {
        if let Some(slot) = self.free.pop() {
            *self.at_mut(slot) = V::default();
            return slot;
        }
        if self.chunks.last().is_none_or(|c| c.len() == CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let n = self.chunks.len() - 1;
        let last = &mut self.chunks[n];
        last.push(V::default());
        (n * CHUNK + last.len() - 1) as u32
    }

    fn bytes(&self) -> usize {
        // hashbrown: buckets = capacity * 8 / 7 rounded up to a power of two, one control byte each
        let cap = self.index.capacity();
        let buckets = if cap == 0 {
            0
        } else {
            (cap * 8 / 7).next_power_of_two()
        };
        buckets * (std::mem::size_of::<(Key, u32)>() + 1)
            + self.chunks.len() * CHUNK * std::mem::size_of::<V>()
            + self.free.capacity() * 4
    }
}

/// See the module documentation.
pub struct Table<V> {
    shards: Box<[RwLock<Shard<V>>]>,
    shift: u32,
}

impl<V: Default> Default for Table<V> {
    fn default() -> Self {
        // as DashMap: four shards per core, a power of two
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Table::with_shards((cores * 4).next_power_of_two())
    }
}

impl<V: Default> Table<V> {
    /// `shards` is rounded up to a power of two (at least 2).
    pub fn with_shards(shards: usize) -> Table<V> {
        let n = shards.max(2).next_power_of_two();
        Table {
            shards: (0..n).map(|_| RwLock::new(Shard::default())).collect(),
            shift: 64 - n.trailing_zeros(),
        }
    }

    fn shard(&self, k: u64) -> &RwLock<Shard<V>> {
        // the bits below the 7 the inner table uses for its control bytes (as DashMap does)
        let h = k.wrapping_mul(0x9E3779B97F4A7C15);
        &self.shards[((h << 7) >> self.shift) as usize]
    }

    fn read(&self, k: u64) -> std::sync::RwLockReadGuard<'_, Shard<V>> {
        self.shard(k).read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self, k: u64) -> RwLockWriteGuard<'_, Shard<V>> {
        self.shard(k).write().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of the entry's state (no lock is held afterwards).
    pub fn get(&self, k: &u64) -> Option<Ref<V>>
    where
        V: Clone,
    {
        let s = self.read(*k);
        let slot = *s.index.get(&Key::new(*k))?;
        Some(Ref {
            value: s.at(slot).clone(),
            key: *k,
        })
    }

    pub fn get_mut(&self, k: &u64) -> Option<RefMut<'_, V>> {
        let guard = self.write(*k);
        let slot = *guard.index.get(&Key::new(*k))?;
        Some(RefMut {
            guard,
            slot,
            key: *k,
        })
    }

    /// The entry for `k`, write-locked until the returned guard is dropped.
    pub fn entry(&self, k: u64) -> Entry<'_, V> {
        let guard = self.write(k);
        let slot = guard.index.get(&Key::new(k)).copied();
        Entry {
            guard,
            slot,
            key: k,
        }
    }

    pub fn contains_key(&self, k: &u64) -> bool {
        self.read(*k).index.contains_key(&Key::new(*k))
    }

    pub fn remove(&self, k: &u64) -> bool {
        let mut s = self.write(*k);
        match s.index.remove(&Key::new(*k)) {
            Some(slot) => {
                s.free.push(slot);
                true
            }
            None => false,
        }
    }

    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| lock_read(s).index.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps the entries for which `keep` is true; the slots of the others are reused.
    pub fn retain(&self, mut keep: impl FnMut(&u64, &mut V) -> bool) {
        for shard in self.shards.iter() {
            let s = &mut *shard.write().unwrap_or_else(|e| e.into_inner());
            let (index, chunks, free) = (&mut s.index, &mut s.chunks, &mut s.free);
            index.retain(|k, slot| {
                let v = &mut chunks[*slot as usize / CHUNK][*slot as usize % CHUNK];
                let kept = keep(&k.get(), v);
                if !kept {
                    free.push(*slot);
                }
                kept
            });
        }
    }

    /// Calls `f` on every entry (each shard read-locked in turn).
    pub fn for_each(&self, mut f: impl FnMut(&u64, &V)) {
        for shard in self.shards.iter() {
            let s = lock_read(shard);
            for (k, &slot) in &s.index {
                f(&k.get(), s.at(slot));
            }
        }
    }

    /// Bytes held: index buckets, slab chunks and free lists (allocator overhead aside).
    pub fn bytes(&self) -> usize {
        self.shards.iter().map(|s| lock_read(s).bytes()).sum()
    }
}

fn lock_read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

/// A copy of one entry's state, taken under its shard's read lock.
pub struct Ref<V> {
    value: V,
    key: u64,
}

impl<V> Ref<V> {
    pub fn key(&self) -> &u64 {
        &self.key
    }
    pub fn value(&self) -> &V {
        &self.value
    }
}

/// A `Ref` holds no lock, but callers written for `DashMap` guards release them early with
/// `drop(r)`; an explicit (empty) `Drop` keeps that code valid under `clippy::drop_non_drop`.
impl<V> Drop for Ref<V> {
    fn drop(&mut self) {}
}

impl<V> Deref for Ref<V> {
    type Target = V;
    fn deref(&self) -> &V {
        &self.value
    }
}

/// A write guard on one entry (its shard is write-locked while this lives).
pub struct RefMut<'a, V> {
    guard: RwLockWriteGuard<'a, Shard<V>>,
    slot: u32,
    key: u64,
}

impl<V: Default> RefMut<'_, V> {
    pub fn key(&self) -> &u64 {
        &self.key
    }
    pub fn value(&self) -> &V {
        self.guard.at(self.slot)
    }
    pub fn value_mut(&mut self) -> &mut V {
        self.guard.at_mut(self.slot)
    }
}

impl<V: Default> Deref for RefMut<'_, V> {
    type Target = V;
    fn deref(&self) -> &V {
        self.value()
    }
}

impl<V: Default> DerefMut for RefMut<'_, V> {
    fn deref_mut(&mut self) -> &mut V {
        self.value_mut()
    }
}

/// An entry that may not exist yet; its shard is write-locked.
pub struct Entry<'a, V> {
    guard: RwLockWriteGuard<'a, Shard<V>>,
    slot: Option<u32>,
    key: u64,
}

impl<'a, V: Default> Entry<'a, V> {
    /// The entry, inserted with `V::default()` if absent.
    pub fn or_default(mut self) -> RefMut<'a, V> {
        let slot = match self.slot {
            Some(slot) => slot,
            None => {
                let slot = self.guard.alloc();
                self.guard.index.insert(Key::new(self.key), slot);
                slot
            }
        };
        RefMut {
            guard: self.guard,
            slot,
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
        let t: Table<S> = Table::with_shards(4);
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
        assert!(t.remove(&0));
        assert!(!t.remove(&0));
        let mut seen = 0;
        t.for_each(|_, _| seen += 1);
        assert_eq!(seen, 4999);
    }

    #[test]
    fn reads_hold_no_lock_and_keys_keep_all_bits() {
        let t: Table<S> = Table::with_shards(2);
        t.entry(u64::MAX).or_default().n = 1;
        t.entry(0).or_default().n = 2;
        let (a, b) = (t.get(&u64::MAX).unwrap(), t.get(&0).unwrap());
        t.entry(0).or_default().n = 3; // would deadlock if `b` held its shard
        assert_eq!((a.n, b.n, *a.key()), (1, 2, u64::MAX));
        assert_eq!(t.get(&0).unwrap().n, 3);
    }
}
