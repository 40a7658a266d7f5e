package io.github.jpsutil.agent;

import io.github.jpsutil.DeviceMetrics;
import io.github.jpsutil.DiskIoCounters;
import io.github.jpsutil.DiskPartition;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NetIoCounters;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.Rates;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One MBean per disk, network interface and mounted file system, registered and unregistered as
 * they come and go, at each sampling round (on the sampler's thread); and the rates of disks and
 * interfaces over the last window, which their MBeans report.
 */
final class Devices {
    static final DeviceMBean.Kind<DeviceMetrics.Disk> DISK = new DeviceMBean.Kind<>("Disk",
            "A disk or partition (psutil's disk_io_counters(perdisk=True)): I/O counters since boot, read at read time,"
                    + " and rates over the agent's sampling window", DeviceMetrics.DISK);
    static final DeviceMBean.Kind<DeviceMetrics.Nic> NIC = new DeviceMBean.Kind<>("NetworkInterface",
            "A network interface (psutil's net_io_counters(pernic=True) and net_if_stats()): traffic counters and state,"
                    + " read at read time, and rates over the agent's sampling window", DeviceMetrics.NIC);
    static final DeviceMBean.Kind<DeviceMetrics.FileSystem> FILE_SYSTEM = new DeviceMBean.Kind<>("FileSystem",
            "A file system mounted from a device (psutil's disk_partitions() and disk_usage()), read at read time",
            DeviceMetrics.FILE_SYSTEM);
    /** Names that make clean labels as they are; anything else is quoted (ObjectName.quote). */
    private static final Pattern CLEAN = Pattern.compile("[A-Za-z0-9_./@+-]+");

    private final Psutil ps;
    private final MBeanServer server;
    private final BiConsumer<String, Throwable> faults;
    private final Map<String, ObjectName> disks = new LinkedHashMap<>();
    private final Map<String, ObjectName> nics = new LinkedHashMap<>();
    private final Map<String, ObjectName> fileSystems = new LinkedHashMap<>();
    private volatile Map<String, Map<String, Double>> diskRates = Map.of();
    private volatile Map<String, Map<String, Double>> nicRates = Map.of();
    private Map<String, DiskIoCounters> lastDisks;
    private Map<String, NetIoCounters> lastNics;
    private long lastNanos;

    Devices(Psutil ps, MBeanServer server, BiConsumer<String, Throwable> faults) {
        this.ps = ps;
        this.server = server;
        this.faults = faults;
    }

    /** One round: rates since the previous round, and the MBeans brought in line with the devices there are now. */
    void sample() {
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        try {
            Map<String, DiskIoCounters> io = ps.diskIoCountersPerdisk();
            Map<String, Map<String, Double>> rates = new HashMap<>();
            for (Map.Entry<String, DiskIoCounters> e : io.entrySet()) {
                DiskIoCounters a = lastDisks == null ? null : lastDisks.get(e.getKey());
                DiskIoCounters b = e.getValue();
                if (a != null) rates.put(e.getKey(), Map.of("busy_percent", Rates.busyPercent(a.busyTime(), b.busyTime(), seconds),
                        "read_bytes_per_second", Rates.perSecond(a.readBytes(), b.readBytes(), seconds),
                        "write_bytes_per_second", Rates.perSecond(a.writeBytes(), b.writeBytes(), seconds)));
            }
            diskRates = rates;
            lastDisks = io;
            sync(disks, io.keySet(), "Disk", "name", n -> new DeviceMBean<>(DISK, "disk " + n, () -> disk(n),
                    () -> diskRates.getOrDefault(n, Map.of()), faults));
        } catch (RuntimeException e) {
            faults.accept("reading the disks", e);
        }
        try {
            Map<String, NetIoCounters> io = ps.netIoCountersPernic();
            Map<String, Map<String, Double>> rates = new HashMap<>();
            for (Map.Entry<String, NetIoCounters> e : io.entrySet()) {
                NetIoCounters a = lastNics == null ? null : lastNics.get(e.getKey());
                NetIoCounters b = e.getValue();
                if (a != null) rates.put(e.getKey(), Map.of(
                        "bytes_sent_per_second", Rates.perSecond(a.bytesSent(), b.bytesSent(), seconds),
                        "bytes_recv_per_second", Rates.perSecond(a.bytesRecv(), b.bytesRecv(), seconds)));
            }
            nicRates = rates;
            lastNics = io;
            sync(nics, io.keySet(), "NetworkInterface", "name", n -> new DeviceMBean<>(NIC, "network interface " + n,
                    () -> nic(n), () -> nicRates.getOrDefault(n, Map.of()), faults));
        } catch (RuntimeException e) {
            faults.accept("reading the network interfaces", e);
        }
        try {
            Set<String> mounted = new java.util.LinkedHashSet<>();
            for (DiskPartition p : ps.diskPartitions(false, false)) mounted.add(p.mountpoint());
            sync(fileSystems, mounted, "FileSystem", "mountpoint", m -> new DeviceMBean<>(FILE_SYSTEM, "file system " + m,
                    () -> fileSystem(m), Map::of, faults));
        } catch (RuntimeException e) {
            faults.accept("reading the mounted file systems", e);
        }
        lastNanos = now;
    }

    private DeviceMetrics.Disk disk(String name) {
        DiskIoCounters io = ps.diskIoCountersPerdisk().get(name);
        if (io == null) throw new JpsutilException("disk " + name + " is gone");
        return new DeviceMetrics.Disk(name, io);
    }

    private DeviceMetrics.Nic nic(String name) {
        NetIoCounters io = ps.netIoCountersPernic().get(name);
        if (io == null) throw new JpsutilException("network interface " + name + " is gone");
        return new DeviceMetrics.Nic(name, io, ps.netIfStats(name).orElse(null));
    }

    private DeviceMetrics.FileSystem fileSystem(String mountpoint) {
        for (DiskPartition p : ps.diskPartitions(false, false))
            if (p.mountpoint().equals(mountpoint)) return new DeviceMetrics.FileSystem(p, ps.diskUsage(mountpoint));
        throw new JpsutilException("file system " + mountpoint + " is no longer mounted");
    }

    /** Registers an MBean for each name new in {@code now}, and unregisters those of names gone. */
    private void sync(Map<String, ObjectName> known, Set<String> now, String type, String key,
                      Function<String, DeviceMBean<?>> make) {
        for (java.util.Iterator<Map.Entry<String, ObjectName>> it = known.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ObjectName> e = it.next();
            if (!now.contains(e.getKey())) {
                unregister(e.getValue());
                it.remove();
            }
        }
        for (String name : now) {
            if (known.containsKey(name)) continue;
            try {
                ObjectName on = objectName(type, key, name);
                server.registerMBean(make.apply(name), on);
                known.put(name, on);
            } catch (JMException | RuntimeException e) {
                faults.accept("registering the " + type + " MBean of " + name, e);
            }
        }
    }

    static ObjectName objectName(String type, String key, String name) throws MalformedObjectNameException {
        return new ObjectName("jpsutil:type=" + type + "," + key + "=" + (CLEAN.matcher(name).matches() ? name : ObjectName.quote(name)));
    }

    /** Unregisters every device MBean. */
    void close() {
        for (Map<String, ObjectName> m : java.util.List.of(disks, nics, fileSystems)) {
            for (ObjectName n : m.values()) unregister(n);
            m.clear();
        }
    }

    private void unregister(ObjectName n) {
        try {
            server.unregisterMBean(n);
        } catch (InstanceNotFoundException e) {
            // unregistered already
        } catch (JMException | RuntimeException e) {
            faults.accept("unregistering " + n, e);
        }
    }
}
