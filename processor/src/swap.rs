//! Hot-swappable shared values (rules, models): writers replace the whole value atomically;
//! readers keep their own `Arc` and check a generation counter per event, so the fast path takes
//! no lock and a swap lands between two events, never inside one.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

pub struct Swap<T> {
    generation: AtomicU64,
    value: Mutex<Arc<T>>,
}

impl<T> Swap<T> {
    pub fn new(value: T) -> Self {
        Swap {
            generation: AtomicU64::new(0),
            value: Mutex::new(Arc::new(value)),
        }
    }

    pub fn load(&self) -> Arc<T> {
        self.value.lock().expect("swap lock").clone()
    }

    pub fn store(&self, value: T) {
        *self.value.lock().expect("swap lock") = Arc::new(value);
        self.generation.fetch_add(1, Ordering::Release);
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }
}

/// A reader's cached copy of a [`Swap`].
pub struct Cached<T> {
    generation: u64,
    pub value: Arc<T>,
}

impl<T> Cached<T> {
    pub fn new(swap: &Swap<T>) -> Self {
        Cached {
            generation: swap.generation(),
            value: swap.load(),
        }
    }

    /// Refreshes the copy if the shared value changed; true when it did.
    pub fn refresh(&mut self, swap: &Swap<T>) -> bool {
        let g = swap.generation();
        if g == self.generation {
            return false;
        }
        self.value = swap.load();
        self.generation = g;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_see_a_swap_on_refresh() {
        let s = Swap::new(1);
        let mut c = Cached::new(&s);
        assert!(!c.refresh(&s));
        s.store(2);
        assert_eq!(*c.value, 1);
        assert!(c.refresh(&s));
        assert_eq!(*c.value, 2);
    }
}
