package io.github.jpsutil;

import java.util.List;
import java.util.Map;

/**
 * The control group of a process and what it reads now: its limits, use and pressure. A controller
 * the cgroup does not have (not mounted, not enabled, or the root cgroup, which has no limits) is
 * null, never zeros; a limit that is not set is an empty {@code OptionalLong}, never the kernel's
 * huge stand-in number.
 *
 * @param version "v2" (one unified hierarchy), "v1" (a hierarchy per controller) or "hybrid" (v1
 *                controllers beside a v2 hierarchy, which then gives the pressure figures)
 * @param path    the cgroup's path: in the v2 hierarchy on v2, else in the memory
 *                controller's (or the first controller's), as /proc/&lt;pid&gt;/cgroup writes it
 * @param paths   the path in each hierarchy, keyed by controller ("" for the v2 hierarchy), as
 *                /proc/&lt;pid&gt;/cgroup lists them: two processes are in the same cgroups when these are equal
 * @param memory  memory figures, or null without a memory controller
 * @param cpu     CPU figures, or null without CPU accounting
 * @param pids    process count and limit, or null without a pids controller
 * @param io      bytes and operations per block device, or null without an I/O controller
 * @param pressure pressure stall information of the cgroup (v2 only), or null
 */
public record Cgroup(String version, String path, Map<String, String> paths, CgroupMemory memory, CgroupCpu cpu,
                     CgroupPids pids, List<CgroupIo> io, Pressure pressure) {
    public Cgroup {
        paths = Map.copyOf(paths);
        io = io == null ? null : List.copyOf(io);
    }
}
