package io.github.jpsutil.linux;

import io.github.jpsutil.Cgroup;
import io.github.jpsutil.CgroupCpu;
import io.github.jpsutil.CgroupIo;
import io.github.jpsutil.CgroupMemory;
import io.github.jpsutil.CgroupPids;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.Pressure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads cgroups under the sys root's {@code fs/cgroup} and pressure under the proc root, on cgroup
 * v2, v1 and hybrid machines. The layout is the one systemd, Docker and Kubernetes mount: v2 at
 * fs/cgroup itself (it has cgroup.controllers), or a directory per v1 controller (cpu and cpuacct
 * may share one, "cpu,cpuacct") and the v2 hierarchy at fs/cgroup/unified. A path is resolved
 * inside that mount as /proc/&lt;pid&gt;/cgroup writes it, which holds for the reader's own cgroup
 * namespace (a container that mounts its cgroups sees its paths from its own root).
 */
final class LinuxCgroups {
    private final Path procRoot;
    private final Path sysRoot;
    private final Path fs;
    private final long clockTicks;

    LinuxCgroups(Path procRoot, Path sysRoot, long clockTicks) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
        this.clockTicks = clockTicks;
        this.fs = sysRoot.resolve("fs/cgroup");
    }

    /** The machine's pressure (/proc/pressure), or null when the kernel has no PSI. */
    Pressure machinePressure() {
        Path dir = procRoot.resolve("pressure");
        Pressure p = new Pressure(stall(dir.resolve("cpu")), stall(dir.resolve("memory")), stall(dir.resolve("io")));
        return p.cpu() == null && p.memory() == null && p.io() == null ? null : p;
    }

    /** The cgroup whose paths are these (the text of /proc/&lt;pid&gt;/cgroup, parsed). */
    Cgroup read(Map<String, String> paths) {
        Path unified = unified();
        String v2Path = paths.get("");
        Path v2 = unified == null || v2Path == null ? null : inside(unified, v2Path);
        if (unified == fs) {
            return new Cgroup("v2", v2Path, paths, CgroupV2.memory(this, v2), CgroupV2.cpu(this, v2), pids(v2),
                    CgroupV2.io(this, v2), pressure(v2));
        }
        String path = paths.getOrDefault("memory", paths.isEmpty() ? "/" : paths.values().iterator().next());
        return new Cgroup(unified == null ? "v1" : "hybrid", path, paths,
                CgroupV1.memory(this, v1(paths, "memory")), CgroupV1.cpu(this, v1(paths, "cpu"), v1(paths, "cpuacct"),
                v1(paths, "cpuset"), clockTicks), pids(v1(paths, "pids")), CgroupV1.io(this, v1(paths, "blkio")), pressure(v2));
    }

    /**
     * Only the OOM-kill count of the cgroup's memory controller, from the file {@link #read} takes
     * it from (v2 memory.events on a v2 machine, else v1 memory.oom_control); -1 when absent.
     */
    long oomKills(Map<String, String> paths) {
        if (unified() == fs) {
            String v2Path = paths.get("");
            return v2Path == null ? -1 : get(keyed(inside(fs, v2Path), "memory.events"), "oom_kill");
        }
        return get(keyed(v1(paths, "memory"), "memory.oom_control"), "oom_kill");
    }

    /** The v2 hierarchy: fs/cgroup itself on a v2 machine, fs/cgroup/unified on a hybrid one; null on pure v1. */
    private Path unified() {
        return Files.exists(fs.resolve("cgroup.controllers")) ? fs
                : Files.exists(fs.resolve("unified/cgroup.controllers")) ? fs.resolve("unified") : null;
    }

    /** The directory of a v1 controller's cgroup, or null when the controller is not mounted or not listed. */
    private Path v1(Map<String, String> paths, String controller) {
        String p = paths.get(controller);
        if (p == null) return null;
        for (String mount : new String[]{controller, "cpu,cpuacct", "cpuacct,cpu"}) {
            Path m = fs.resolve(mount);
            if (Files.isDirectory(m) && (mount.equals(controller) || mount.contains(controller))) return inside(m, p);
        }
        return null;
    }

    /** {@code path} (absolute, from /proc/&lt;pid&gt;/cgroup) inside a mount; never outside it. */
    private static Path inside(Path mount, String path) {
        Path p = mount.resolve(path.substring(1)).normalize();
        if (!p.startsWith(mount)) throw new JpsutilException("cgroup path " + path + " leads out of " + mount);
        return p;
    }

    private CgroupPids pids(Path dir) {
        String current = file(dir, "pids.current");
        if (current == null) return null;
        String max = file(dir, "pids.max");
        return new CgroupPids(CgroupText.number("pids.current", current),
                max == null ? OptionalLong.empty() : CgroupText.limit("pids.max", max));
    }

    /** The cgroup's pressure files (v2 hierarchy only), or null. */
    private Pressure pressure(Path v2) {
        if (v2 == null) return null;
        Pressure p = new Pressure(stall(v2.resolve("cpu.pressure")), stall(v2.resolve("memory.pressure")),
                stall(v2.resolve("io.pressure")));
        return p.cpu() == null && p.memory() == null && p.io() == null ? null : p;
    }

    private Pressure.Stall stall(Path file) {
        String text = file(file.getParent(), file.getFileName().toString());
        return text == null ? null : CgroupText.pressure(file.getFileName().toString(), text);
    }

    /** The text of a cgroup file, or null when it (or its cgroup) is absent. */
    String file(Path dir, String name) {
        if (dir == null) return null;
        Path p = dir.resolve(name);
        try {
            return ProcFiles.readString(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // PSI files of a kernel booted without psi=1 exist but refuse reads (EOPNOTSUPP)
            if (name.endsWith("pressure") || name.equals("cpu") || name.equals("memory") || name.equals("io")) return null;
            throw new JpsutilException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** {@link #file} as a flat keyed map, or null when absent. */
    Map<String, Long> keyed(Path dir, String name) {
        String t = file(dir, name);
        return t == null ? null : CgroupText.flatKeyed(name, t);
    }

    /** {@link #file} as a number, or -1 when absent. */
    long number(Path dir, String name) {
        String t = file(dir, name);
        return t == null ? -1 : CgroupText.number(name, t);
    }

    /** {@link #file} as a limit; empty when absent or unlimited. */
    OptionalLong limit(Path dir, String name) {
        String t = file(dir, name);
        return t == null ? OptionalLong.empty() : CgroupText.limit(name, t);
    }

    /**
     * The CPUs the cgroup's processes can use: the quota rounded up, the cpuset's CPUs (when the
     * cgroup has one) and the CPUs online, whichever is least; -1 when none of them is known.
     */
    int effectiveCpus(OptionalDouble limitCpus, String cpuset) {
        String online = file(sysRoot, "devices/system/cpu/online");
        int n = online == null ? Integer.MAX_VALUE : Fields.cpuListCount(online);
        if (cpuset != null && !cpuset.isBlank()) n = Math.min(n, Fields.cpuListCount(cpuset));
        if (limitCpus.isPresent()) n = Math.min(n, Math.max(1, (int) Math.ceil(limitCpus.getAsDouble())));
        return n == Integer.MAX_VALUE ? -1 : n;
    }

    static OptionalDouble ratio(OptionalDouble quota, double period) {
        // from the kernel's whole microseconds, so that 10000/100000 is 0.1 and not 0.09999999999999999
        return quota.isPresent() && period > 0 ? OptionalDouble.of(Math.rint(quota.getAsDouble() * 1e6) / Math.rint(period * 1e6))
                : OptionalDouble.empty();
    }

    static long get(Map<String, Long> m, String key) {
        return m == null ? -1 : m.getOrDefault(key, -1L);
    }

    static List<CgroupIo> io(Map<String, Map<String, Long>> byDevice, String rb, String wb, String ro, String wo,
                             Map<String, Map<String, Long>> opsByDevice) {
        List<CgroupIo> out = new ArrayList<>();
        byDevice.forEach((dev, v) -> {
            Map<String, Long> ops = opsByDevice == null ? v : opsByDevice.getOrDefault(dev, Map.of());
            out.add(new CgroupIo(dev, v.getOrDefault(rb, 0L), v.getOrDefault(wb, 0L), ops.getOrDefault(ro, 0L),
                    ops.getOrDefault(wo, 0L)));
        });
        return out;
    }

    static CgroupMemory.Events events(long low, long high, long max, long oom, long oomKill) {
        return new CgroupMemory.Events(low, high, max, oom, oomKill);
    }

    static CgroupCpu cpu(OptionalDouble quota, double period, int effective, double usage, double user, double system,
                         long periods, long throttledPeriods, double throttled) {
        return new CgroupCpu(quota, period, ratio(quota, period), effective, usage, user, system, periods, throttledPeriods,
                throttled);
    }
}
