//! A clock of CPU time, shared by the native benchmarks (this crate's `native_bench` and
//! `benches/peers`).

/// The CPU time this thread has used, in nanoseconds (Linux): on a machine shared with other
/// work, time spent waiting for a core is not counted, as `process.cpuUsage()` does not count it
/// in `wasm_bench.mjs`. Elsewhere, wall time.
#[cfg(target_os = "linux")]
pub fn now_ns() -> u128 {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec; the clock id is Linux's.
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.sec as u128 * 1_000_000_000 + t.nsec as u128
}

#[cfg(not(target_os = "linux"))]
pub fn now_ns() -> u128 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_nanos()
}
