//! `Artifact::score` must not allocate: a counting global allocator checks it
//! for every family.

mod common;

use common::{config, synthetic};
use fanzha_models::{train, Family};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    if COUNTING.with(|c| c.get()) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn scoring_allocates_nothing() {
    let d = synthetic(3000, 8, 21);
    for fam in [Family::Logistic, Family::Tree, Family::Forest] {
        let (a, _) = train(&d, &config(&[fam])).unwrap();
        let names: Vec<&str> = a.feature_names.iter().map(String::as_str).collect();
        let binding = a.bind(&names).unwrap();
        let mut sum = 0.0;
        ALLOCATIONS.store(0, Ordering::SeqCst);
        COUNTING.with(|c| c.set(true));
        for i in 0..d.len() {
            sum += a.score(d.row(i));
            sum += a.score_bound(&binding, d.row(i));
        }
        COUNTING.with(|c| c.set(false));
        let n = ALLOCATIONS.load(Ordering::SeqCst);
        assert_eq!(n, 0, "{fam:?}: {n} allocations while scoring");
        assert!(sum.is_finite() && sum > 0.0);
        // The counter does see allocations.
        COUNTING.with(|c| c.set(true));
        let v = std::hint::black_box(vec![1u8; 16]);
        COUNTING.with(|c| c.set(false));
        drop(v);
        assert!(ALLOCATIONS.load(Ordering::SeqCst) > 0);
    }
}
