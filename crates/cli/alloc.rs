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
//!
//! The region is in transparent huge pages where the kernel allows it ([`huge_pages`]), and a
//! block of word alignment is taken with mimalloc's plain `malloc` ([`word_aligned`]).

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
        // Advised before mimalloc touches any of it.
        huge_pages(start, REGION_SIZE);
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

/// `PR_THP_DISABLE_EXCEPT_ADVISED` of `<linux/prctl.h>` (Linux 6.18; not in the `libc` crate
/// yet).
#[cfg(target_os = "linux")]
const EXCEPT_ADVISED: libc::c_ulong = 1 << 1;

/// Asks for transparent huge pages in the region, and in no other memory of the process.
///
/// A 10,000-file check touches some 23 MiB of the region; in 4 KiB pages that was 5,800 page
/// faults, a tenth of the check's system time. In 2 MiB pages it is a few dozen, for about 18 MiB
/// more peak memory (a huge page is resident whole as soon as any byte of it is touched).
/// mimalloc's `no_thp` feature turned huge pages off for the whole process at its start, since
/// where the kernel's setting is `always` they backed every chunk of memory it touched, and the
/// peak memory moved from run to run; that stays so for all other memory: the kernel is asked
/// (Linux 6.18's `PR_THP_DISABLE_EXCEPT_ADVISED`) to keep them off except where `madvise` asked
/// for them. An older kernel refuses the request, and the region stays in small pages.
#[cfg(target_os = "linux")]
fn huge_pages(start: *mut c_void, size: usize) {
    // SAFETY: `prctl` changes only the process's huge page policy; `madvise` only marks the
    // region, which is ours and untouched.
    unsafe {
        let one: libc::c_ulong = 1;
        if libc::prctl(libc::PR_SET_THP_DISABLE, one, EXCEPT_ADVISED, 0, 0) == 0 {
            libc::madvise(start, size, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn huge_pages(_start: *mut c_void, _size: usize) {}

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

/// Whether mimalloc's plain `malloc` gives the block its alignment: every block of mimalloc's is
/// aligned to the machine word at least (its block sizes are whole words, in word-aligned
/// pages). Nearly every block of this program is (strings, vectors, trees of words and
/// pointers); the `mimalloc` crate asks for the alignment anyway (`mi_malloc_aligned`, three
/// calls deep before the same small-block path), which was 1.7% of the instructions of 10,000
/// manifests.
#[inline]
fn word_aligned(layout: Layout) -> bool {
    layout.align() <= std::mem::size_of::<usize>()
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
            if word_aligned(layout) {
                return unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() };
            }
            unsafe { MiMalloc.alloc(layout) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if MIMALLOC.load(Ordering::Relaxed) {
            if word_aligned(layout) {
                return unsafe { libmimalloc_sys::mi_zalloc(layout.size()).cast() };
            }
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
            if word_aligned(layout) {
                return unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast() };
            }
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
        // Every size a word-aligned layout may have, up to mimalloc's large blocks, through the
        // plain `malloc`, `calloc` and `realloc`: each block aligned as asked.
        for size in (1..2048).chain((2048..(4 << 20)).step_by(65_521)) {
            for align in [1, 2, 4, 8] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero layout; each block is freed here, with its layout.
                unsafe {
                    let block = Allocator.alloc(layout);
                    let zeroed = Allocator.alloc_zeroed(layout);
                    assert!(!block.is_null() && !zeroed.is_null());
                    assert!(block.align_offset(align) == 0 && zeroed.align_offset(align) == 0);
                    assert!(
                        (0..size.min(4096))
                            .chain([size - 1])
                            .all(|i| *zeroed.add(i) == 0)
                    );
                    let grown = Allocator.realloc(block, layout, size * 3);
                    assert!(!grown.is_null() && grown.align_offset(align) == 0);
                    Allocator.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());
                    Allocator.dealloc(zeroed, layout);
                }
            }
        }
        // And the others through mimalloc's aligned functions.
        for align in [16, 64, 4096] {
            let layout = Layout::from_size_align(24, align).unwrap();
            // SAFETY: as above.
            unsafe {
                let block = Allocator.alloc(layout);
                assert!(!block.is_null() && block.align_offset(align) == 0);
                Allocator.dealloc(block, layout);
            }
        }
        #[cfg(target_os = "linux")]
        huge_pages_in_the_region_only(start, glibc as usize);
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

    /// On a kernel that has `PR_THP_DISABLE_EXCEPT_ADVISED` (6.18 and later), the switch set it:
    /// then the region may have huge pages and glibc's heap may not (`THPeligible` of the
    /// mapping holding each, in `/proc/self/smaps`). Elsewhere neither may.
    #[cfg(target_os = "linux")]
    fn huge_pages_in_the_region_only(region: usize, outside: usize) {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let eligible = |address: usize| {
            let mut inside = false;
            for line in smaps.lines() {
                if let Some((range, _)) = line.split_once(' ')
                    && let Some((from, to)) = range.split_once('-')
                    && let (Ok(from), Ok(to)) = (
                        usize::from_str_radix(from, 16),
                        usize::from_str_radix(to, 16),
                    )
                {
                    inside = (from..to).contains(&address);
                } else if inside && let Some(value) = line.strip_prefix("THPeligible:") {
                    return value.trim() == "1";
                }
            }
            panic!("no mapping in /proc/self/smaps holds {address:#x}");
        };
        let never = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
            .is_ok_and(|setting| setting.contains("[never]"));
        // SAFETY: reads the process's huge page policy.
        let policy = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        let advised_only = policy == (1 | EXCEPT_ADVISED) as libc::c_int;
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
        let mut numbers = release
            .split(|c: char| !c.is_ascii_digit())
            .map(|n| n.parse::<u32>().unwrap_or(0));
        let version = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
        assert!(
            advised_only || version < (6, 18),
            "Linux {release}: huge pages were not limited to advised memory (policy {policy})"
        );
        assert_eq!(
            eligible(region),
            advised_only && !never,
            "the region (policy {policy})"
        );
        assert!(!eligible(outside), "glibc's heap may have huge pages");
    }
}
