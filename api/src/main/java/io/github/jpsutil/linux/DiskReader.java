package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import io.github.jpsutil.DiskIoCounters;
import io.github.jpsutil.DiskPartition;
import io.github.jpsutil.DiskUsage;
import io.github.jpsutil.JpsutilException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Mounted file systems, their usage, and disk I/O, read under the system's proc and sys roots. */
final class DiskReader {
    /** The unit of /proc/diskstats' sector counts, whatever the disk's own sector size. */
    private static final long SECTOR = 512;
    /** glibc's pathconf(_PC_PATH_MAX) on Linux: PATH_MAX, whatever the file system. */
    private static final long PATH_MAX = 4096;
    private static final int ENOTDIR = 20;

    private final LinuxSystem sys;

    DiskReader(LinuxSystem sys) {
        this.sys = sys;
    }

    /**
     * Mounted file systems in mount order; without {@code all}, only those on a device whose type
     * the kernel lists without "nodev" in /proc/filesystems (psutil's physical partitions). With
     * {@code limits}, maxfile and maxpath from statvfs(3), a native call; without, null.
     */
    List<DiskPartition> partitions(boolean all, boolean limits) {
        Set<String> physical = all ? Set.of() : physicalTypes();
        List<DiskPartition> out = new ArrayList<>();
        for (Mounts.Mount m : Mounts.parse(sys.systemFile(sys.procRoot().resolve("self/mountinfo")))) {
            String device = m.source().equals("none") ? "" : m.source();
            if (device.equals("/dev/root") || device.equals("rootfs")) device = rootDevice(m.device(), device);
            if (!all && (device.isEmpty() || !physical.contains(m.fstype()))) continue;
            Long maxfile = null;
            Long maxpath = null;
            if (limits) {
                try {
                    maxfile = StatVfs.of(m.mountpoint()).nameMax();
                    maxpath = PATH_MAX;
                } catch (LastErrorException | JpsutilException e) {
                    // not reachable from here (another namespace, a fixture tree) or not ours to query: unknown
                }
            }
            out.add(new DiskPartition(device, m.mountpoint(), m.fstype(), m.options(), maxfile, maxpath));
        }
        return out;
    }

    private Set<String> physicalTypes() {
        Set<String> out = new HashSet<>();
        for (String line : sys.systemFile(sys.procRoot().resolve("filesystems")).split("\n")) {
            String t = line.trim();
            if (!t.isEmpty() && !line.startsWith("nodev")) out.add(t);
        }
        out.add("zfs"); // listed as nodev, yet on disks (as psutil counts it)
        return out;
    }

    /** /dev/root names no file: the device node of the root's device number, found in sysfs. */
    private String rootDevice(String majorMinor, String fallback) {
        try {
            String uevent = ProcFiles.readString(sys.sysRoot().resolve("dev/block/" + majorMinor + "/uevent"));
            for (String line : uevent.split("\n")) if (line.startsWith("DEVNAME=")) return "/dev/" + line.substring(8).trim();
        } catch (IOException e) {
            // no sysfs entry: keep the kernel's name
        }
        return fallback;
    }

    /**
     * Space of the file system holding {@code path}, as psutil computes it: used is what is not
     * free even to root, free what users may still take, percent used of what users can have.
     * From statvfs(3) as psutil reads it; where this JVM has no native access, from the JDK's
     * FileStore, which gives statvfs' same figures (f_blocks, f_bfree and f_bavail times
     * f_frsize) at twenty times the cost (it reads the mount table first).
     */
    DiskUsage usage(String path) {
        if (path.indexOf('\0') >= 0) throw new IllegalArgumentException("disk usage of " + path + ": not a path (a NUL character)");
        long total;
        long freeToRoot;
        long freeToUsers;
        try {
            StatVfs.Result r = StatVfs.of(path);
            total = r.total();
            freeToRoot = r.freeToRoot();
            freeToUsers = r.freeToUsers();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENOENT)
                throw new IllegalArgumentException("disk usage of " + path + ": no such file or directory");
            if (e.getErrorCode() == ENOTDIR)
                throw new IllegalArgumentException("disk usage of " + path + ": a part of the path is not a directory");
            throw new JpsutilException("cannot read the disk usage of " + path + ": statvfs failed with " + Errno.name(e.getErrorCode()));
        } catch (Native.NativeUnavailable e) {
            return fileStoreUsage(path);
        }
        return usage(total, freeToRoot, freeToUsers);
    }

    /** The usage from the JDK's FileStore, without native access of ours. */
    DiskUsage fileStoreUsage(String path) {
        try {
            java.nio.file.FileStore store = Files.getFileStore(java.nio.file.Path.of(path));
            return usage(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("disk usage of " + path + ": no such file or directory");
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("disk usage of " + path + ": not a path (" + e.getReason() + ")");
        } catch (IOException e) {
            throw new JpsutilException("cannot read the disk usage of " + path + ": " + e.getMessage(), e);
        }
    }

    private static DiskUsage usage(long total, long freeToRoot, long freeToUsers) {
        long used = total - freeToRoot;
        return new DiskUsage(total, used, freeToUsers, LinuxSystem.percent(used, used + freeToUsers));
    }

    /**
     * I/O counters of each line of /proc/diskstats (disks and partitions), bytes from 512-byte
     * sectors. A name's '/' (cciss!c0d0) is kept as the kernel writes it.
     */
    Map<String, DiskIoCounters> ioCounters() {
        Map<String, DiskIoCounters> out = new LinkedHashMap<>();
        for (DiskStats.Line l : DiskStats.parse(sys.systemFile(sys.procRoot().resolve("diskstats")))) {
            long[] c = l.counters();
            out.put(l.name(), new DiskIoCounters(c[0], c[1], c[2] * SECTOR, c[3] * SECTOR, c[4], c[5], c[6], c[7], c[8]));
        }
        return out;
    }

    /**
     * Whole disks (those under /sys/block, virtual ones included), which psutil's total adds up;
     * partitions are not. /sys/block is listed once (a test of each name would cost a system call
     * and a path each); a name's '/' is '!' there, as the kernel writes it in sysfs.
     */
    Predicate<String> wholeDisks() {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(sys.sysRoot().resolve("block"))) {
            for (Path p : dir) names.add(p.getFileName().toString());
        } catch (IOException e) {
            // no /sys/block (a tree without sysfs): no whole disk known, as the test of each name found
        }
        return name -> names.contains(name.replace('/', '!'));
    }
}
