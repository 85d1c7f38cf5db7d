//! The binary's allocator: glibc's `malloc` until a check spreads over the thread pool,
//! mimalloc (its 2.x line) from then on.
//!
//! - **Many files:** allocation across rayon's threads is cheaper with mimalloc (10,000
//!   manifests: 165 ms, against 215 ms with glibc's alone; docs/performance.md).
//! - **One file** (an editor, a pre-commit hook, a CI step): the check is over in about a
//!   millisecond, and mimalloc's first pages were a third of it. It gives every size class a
//!   64 KiB page of its own, so the few thousand allocations of a start-up and one check touched
//!   some 90 pages of fresh memory, each a page fault; glibc packs them into a few. With glibc
//!   alone the check took 0.3 ms less.
//!
//! So both. Every allocation goes to glibc until [`spread`] is called, just before the thread
//! pool's first task, and to mimalloc from then on, on every thread. A block is freed or resized
//! by the allocator it came from, and stays with it when it grows:
//!
//! - [`spread`] first hands mimalloc a region of address space of its own (reserved, not
//!   committed). mimalloc has no memory before that, so it takes its blocks from that region
//!   first, and a block inside it is mimalloc's: two comparisons.
//! - Any other block, after the switch, is asked about: mimalloc recognizes its own memory
//!   (`mi_is_in_heap_region`: its arenas and its segment map, without reading the block). Only
//!   the blocks of glibc's from before the switch, and mimalloc's beyond the region if it ever
//!   fills, take that path; asking about every block cost 4% of the instructions of 10,000
//!   manifests.
//! - Before the switch, nothing is mimalloc's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use mimalloc::MiMalloc;

/// The allocator of the `astro-preflight` binary (libraries and their tests keep the system's).
pub struct Allocator;

/// Whether new blocks come from mimalloc. Set once, never cleared.
///
/// `Relaxed` is enough: a thread that still reads `false` takes a block from glibc, which is
/// correct, only slower; and a block of mimalloc's reaches another thread only through a
/// synchronization after its allocating thread read `true`, so that thread reads `true` too
/// (read-read coherence) and frees it through mimalloc.
static MIMALLOC: AtomicBool = AtomicBool::new(false);

/// The region of address space handed to mimalloc by [`spread`]: its start and length (both 0
/// before, or where it could not be reserved).
static REGION_START: AtomicUsize = AtomicUsize::new(0);
static REGION_LEN: AtomicUsize = AtomicUsize::new(0);

/// The size of that region: address space only, reserved without memory behind it (10,000
/// manifests use about 30 MiB).
const REGION_SIZE: usize = 16 << 30;

/// From now on, new blocks come from mimalloc: call it before handing work to the thread pool.
pub fn spread() {
    static ONCE: Once = Once::new();
    ONCE.call_once(switch);
}

fn switch() {
    if let Some(start) = reserve(REGION_SIZE) {
        let mut arena = 0;
        // SAFETY: the region is ours, readable and writable, zero (fresh), and never unmapped;
        // mimalloc takes it as committed memory of no particular NUMA node, shared by all its
        // heaps.
        let managed = unsafe {
            libmimalloc_sys::mi_manage_os_memory_ex(
                start.cast_const(),
                REGION_SIZE,
                true,
                false,
                true,
                -1,
                false,
                &mut arena,
            )
        };
        if managed {
            REGION_START.store(start as usize, Ordering::Relaxed);
            REGION_LEN.store(REGION_SIZE, Ordering::Relaxed);
        } else {
            unreserve(start, REGION_SIZE);
        }
    }
    MIMALLOC.store(true, Ordering::Relaxed);
}

/// Reserves `size` bytes of address space, without memory behind them until they are touched.
#[cfg(unix)]
fn reserve(size: usize) -> Option<*mut c_void> {
    // SAFETY: a new private anonymous mapping, at an address the kernel chooses.
    let start = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    (start != libc::MAP_FAILED).then_some(start)
}

/// Gives back what [`reserve`] reserved (mimalloc refused it).
#[cfg(unix)]
fn unreserve(start: *mut c_void, size: usize) {
    // SAFETY: the mapping `reserve` made, of that size, which nothing has used.
    unsafe { libc::munmap(start, size) };
}

/// Elsewhere mimalloc reserves its own memory, and every block is asked about.
#[cfg(not(unix))]
fn reserve(_size: usize) -> Option<*mut c_void> {
    None
}

#[cfg(not(unix))]
fn unreserve(_start: *mut c_void, _size: usize) {}

/// Whether `ptr` (a block this allocator returned) is mimalloc's.
#[inline]
fn from_mimalloc(ptr: *mut u8) -> bool {
    let offset = (ptr as usize).wrapping_sub(REGION_START.load(Ordering::Relaxed));
    offset < REGION_LEN.load(Ordering::Relaxed) || (MIMALLOC.load(Ordering::Relaxed) && asked(ptr))
}

/// mimalloc's answer for a block outside the region.
#[cold]
fn asked(ptr: *mut u8) -> bool {
    // SAFETY: `mi_is_in_heap_region` only compares the address with mimalloc's arenas and looks
    // it up in its segment map; it never reads the block, and accepts any pointer.
    unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast::<c_void>().cast_const()) }
}

// SAFETY: each block is allocated by exactly one of the two allocators and freed or resized by
// the same one (`from_mimalloc` tells them apart), so each keeps its own contract.
//
// Out of line: inlined into every allocation, the two branches made the code 0.5 to 0.9 MB
// larger, for no fewer instructions on 10,000 manifests.
unsafe impl GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if MIMALLOC.load(Ordering::Relaxed) {
            unsafe { MiMalloc.alloc(layout) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if MIMALLOC.load(Ordering::Relaxed) {
            unsafe { MiMalloc.alloc_zeroed(layout) }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if from_mimalloc(ptr) {
            unsafe { MiMalloc.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if from_mimalloc(ptr) {
            unsafe { MiMalloc.realloc(ptr, layout, new_size) }
        } else {
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks taken before and after the switch, freed and grown after it, each by its own
    /// allocator: glibc's `free` given a block of mimalloc's (or the other way round) would
    /// abort or corrupt the heap, which this test binary (whose allocator this is) would show.
    #[test]
    fn every_block_goes_back_to_the_allocator_it_came_from() {
        let layout = Layout::from_size_align(48, 16).unwrap();
        // SAFETY: a non-zero layout; the block is freed below by the allocator it came from.
        let glibc = unsafe { System.alloc(layout) };
        assert!(!glibc.is_null());
        let before: Vec<Vec<u8>> = (0..200).map(|i| vec![i as u8; 1 + i * 37]).collect();

        spread();
        assert!(!from_mimalloc(glibc), "glibc's block taken for mimalloc's");
        let after: Vec<Vec<u8>> = (0..200).map(|i| vec![i as u8; 1 + i * 37]).collect();
        let start = REGION_START.load(Ordering::Relaxed);
        assert_eq!(
            REGION_LEN.load(Ordering::Relaxed),
            REGION_SIZE,
            "no region reserved"
        );
        let region = start..start + REGION_SIZE;
        for block in &after {
            assert!(from_mimalloc(block.as_ptr().cast_mut()));
            assert!(
                region.contains(&(block.as_ptr() as usize)),
                "outside the region"
            );
            assert!(asked(block.as_ptr().cast_mut()));
        }
        let huge = vec![7u8; 40 << 20];
        assert!(from_mimalloc(huge.as_ptr().cast_mut()));

        // Grown after the switch: a block keeps its allocator, and its bytes.
        let mut grown = before;
        for (i, block) in grown.iter_mut().enumerate() {
            block.extend(std::iter::repeat_n(1, 4096));
            assert!(block[..1 + i * 37].iter().all(|&b| b == i as u8));
        }
        drop((grown, after, huge));
        // SAFETY: allocated above by `System` with this layout.
        unsafe { System.dealloc(glibc, layout) };
    }
}
