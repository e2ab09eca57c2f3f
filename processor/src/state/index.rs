//! The hash index of one [`super::table::Table`] shard: open addressing over 4-byte words, the keys
//! themselves kept in the slab next to the states.
//!
//! A word is a 6-bit tag of the key's hash and a 26-bit slot number; lookups compare the key in the
//! slab only when the tag matches, and that slab entry is the one the caller reads next anyway. At
//! most 7/8 of the words are used (linear probing); the table doubles past that. Entries are never
//! removed one by one: [`Index::rebuild`] writes the index afresh from the entries kept by an
//! eviction pass, so probe chains need no tombstones.

const SLOT_BITS: u32 = 26;
const SLOT_MASK: u32 = (1 << SLOT_BITS) - 1;
const EMPTY: u32 = u32::MAX;
/// Slots per shard; the all-ones slot is never used, so no word equals [`EMPTY`].
pub const MAX_SLOTS: u32 = SLOT_MASK;

/// A 64-bit mix of the key, independent of the one that picks the shard.
fn mix(k: u64) -> u64 {
    let mut h = (k ^ (k >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 29;
    h
}

fn word(h: u64, slot: u32) -> u32 {
    debug_assert!(slot < MAX_SLOTS);
    ((h >> 58) as u32) << SLOT_BITS | slot
}

#[derive(Default)]
pub struct Index {
    words: Vec<u32>,
    len: usize,
}

impl Index {
    pub fn len(&self) -> usize {
        self.len
    }

    /// The slot of `k`; `key_at` reads the key stored in a slot.
    pub fn find(&self, k: u64, key_at: impl Fn(u32) -> u64) -> Option<u32> {
        if self.words.is_empty() {
            return None;
        }
        let h = mix(k);
        let mask = self.words.len() - 1;
        let tag = (h >> 58) as u32;
        let mut i = h as usize & mask;
        loop {
            let w = self.words[i];
            if w == EMPTY {
                return None;
            }
            if w >> SLOT_BITS == tag && key_at(w & SLOT_MASK) == k {
                return Some(w & SLOT_MASK);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `k` (not present) at `slot`.
    pub fn insert(&mut self, k: u64, slot: u32, key_at: impl Fn(u32) -> u64) {
        if (self.len + 1) * 8 > self.words.len() * 7 {
            let old = std::mem::take(&mut self.words);
            self.words = vec![EMPTY; (old.len() * 2).max(16)];
            for w in old.into_iter().filter(|&w| w != EMPTY) {
                let slot = w & SLOT_MASK;
                self.place(key_at(slot), slot);
            }
        }
        self.place(k, slot);
        self.len += 1;
    }

    fn place(&mut self, k: u64, slot: u32) {
        let h = mix(k);
        let mask = self.words.len() - 1;
        let mut i = h as usize & mask;
        while self.words[i] != EMPTY {
            i = (i + 1) & mask;
        }
        self.words[i] = word(h, slot);
    }

    /// Every slot in the index.
    pub fn slots(&self) -> impl Iterator<Item = u32> + '_ {
        self.words
            .iter()
            .filter(|&&w| w != EMPTY)
            .map(|w| w & SLOT_MASK)
    }

    /// Replaces the contents with `entries` (key, slot), sized for them.
    pub fn rebuild(&mut self, entries: &[(u64, u32)]) {
        let mut n = 16;
        while entries.len() * 8 > n * 7 {
            n *= 2;
        }
        self.words = vec![EMPTY; n];
        for &(k, slot) in entries {
            self.place(k, slot);
        }
        self.len = entries.len();
    }

    pub fn bytes(&self) -> usize {
        self.words.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_across_growth_and_rebuild() {
        let keys: Vec<u64> = (0..10_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xdead)
            .collect();
        let key_at = |s: u32| keys[s as usize];
        let mut ix = Index::default();
        for s in 0..keys.len() as u32 {
            assert_eq!(ix.find(keys[s as usize], key_at), None);
            ix.insert(keys[s as usize], s, key_at);
        }
        assert_eq!(ix.len(), 10_000);
        assert!(ix.bytes() <= 16_384 * 4 * 2);
        assert!((0..keys.len() as u32).all(|s| ix.find(keys[s as usize], key_at) == Some(s)));
        assert_eq!(ix.find(12345, key_at), None);
        let kept: Vec<(u64, u32)> = ix
            .slots()
            .filter(|s| s % 3 == 0)
            .map(|s| (keys[s as usize], s))
            .collect();
        ix.rebuild(&kept);
        assert_eq!(ix.len(), kept.len());
        assert!((0..keys.len() as u32)
            .all(|s| ix.find(keys[s as usize], key_at) == (s % 3 == 0).then_some(s)));
    }
}
