package io.github.jpsutil;

import java.util.OptionalDouble;

/**
 * CPU of a cgroup: its quota (CFS bandwidth) and its use. Times are in seconds; a figure the
 * kernel does not give for this cgroup is -1 (v2 without the cpu controller enabled has no
 * throttling figures; v1 without cpuacct has no usage).
 *
 * @param quota            CPU time the cgroup may use per period (cpu.max / cpu.cfs_quota_us); empty when unlimited
 * @param period           the length of that period, or -1 when the kernel does not say
 * @param limitCpus        quota / period: how many CPUs' worth it may use (0.5, 2.0); empty when unlimited
 * @param effectiveCpus    the CPUs its processes can use: the limit rounded up, its cpuset and the
 *                         CPUs online, whichever is least (as the JVM counts its processors)
 * @param usage            CPU time used since the cgroup was made, descendants included
 * @param user             of it, in user mode
 * @param system           of it, in kernel mode
 * @param periods          periods that have elapsed with the cgroup runnable (nr_periods)
 * @param throttledPeriods periods in which it used up its quota and was throttled (nr_throttled)
 * @param throttled        time its threads were throttled (throttled_usec / throttled_time)
 */
public record CgroupCpu(OptionalDouble quota, double period, OptionalDouble limitCpus, int effectiveCpus, double usage,
                        double user, double system, long periods, long throttledPeriods, double throttled) {
}
