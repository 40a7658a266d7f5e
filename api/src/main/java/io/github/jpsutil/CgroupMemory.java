package io.github.jpsutil;

import java.util.OptionalLong;

/**
 * Memory of a cgroup, in bytes (v2: memory.*; v1: memory.*_in_bytes). A figure the kernel does not
 * keep for this cgroup (v1 has no "low" or "high" events, older kernels no peak) is -1.
 *
 * @param limit       memory.max / memory.limit_in_bytes; empty when unlimited
 * @param current     memory.current / memory.usage_in_bytes, descendants included
 * @param peak        the highest {@code current} seen (memory.peak / memory.max_usage_in_bytes), or -1
 * @param swapCurrent swap in use (memory.swap.current; v1: memsw.usage - usage), or -1 without swap accounting
 * @param swapLimit   memory.swap.max (v1: memsw.limit - limit); empty when unlimited or not accounted
 * @param events      how often the cgroup hit its boundaries, and its OOM kills
 * @param anon        anonymous memory (v2 anon; v1 total_rss), or -1
 * @param file        page cache (v2 file; v1 total_cache), or -1
 * @param kernel      kernel memory (v2 kernel; v1 memory.kmem.usage_in_bytes), or -1
 * @param sock        network buffers (v2 sock; v1 memory.kmem.tcp.usage_in_bytes), or -1
 * @param shmem       shared memory and tmpfs (shmem; v1 total_shmem), or -1
 */
public record CgroupMemory(OptionalLong limit, long current, long peak, long swapCurrent, OptionalLong swapLimit,
                           Events events, long anon, long file, long kernel, long sock, long shmem) {
    /**
     * memory.events: counts since the cgroup was made; -1 where the kernel does not count it.
     *
     * @param low     times the cgroup was reclaimed below its low boundary
     * @param high    times it went over its high boundary and was throttled
     * @param max     times it was about to go over its limit (v1: memory.failcnt, times it hit it)
     * @param oom     times the limit was hit and reclaim failed
     * @param oomKill processes killed by the OOM killer in the cgroup (v1: oom_kill of memory.oom_control)
     */
    public record Events(long low, long high, long max, long oom, long oomKill) {
    }
}
