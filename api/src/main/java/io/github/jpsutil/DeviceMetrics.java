package io.github.jpsutil;

import io.github.jpsutil.Metric.Type;
import io.github.jpsutil.Metric.Unit;

import java.util.List;
import java.util.function.Function;

/**
 * The values of one disk, one network interface and one mounted file system, each a catalog of
 * its own (the agent makes one MBean per device from them). Values marked sampled are rates the
 * agent computes over its sampling window with {@link Rates}; the others are read at read time.
 */
public final class DeviceMetrics {
    /** One disk (or partition) at one reading. */
    public record Disk(String name, DiskIoCounters io) {
    }

    /** One network interface at one reading; {@code stats} null when sysfs no longer shows it. */
    public record Nic(String name, NetIoCounters io, NetIfStats stats) {
    }

    /** One mounted file system at one reading. */
    public record FileSystem(DiskPartition partition, DiskUsage usage) {
    }

    private static final Metric.Otel DISK_IO = Metric.instrument("system.disk.io", "counter", "By",
            "Bytes read from and written to a disk");
    private static final Metric.Otel DISK_OPERATIONS = Metric.instrument("system.disk.operations", "counter", "{operation}",
            "Reads and writes a disk completed");
    private static final Metric.Otel NET_IO = Metric.instrument("system.network.io", "counter", "By",
            "Bytes sent and received on a network interface");
    private static final Metric.Otel FS_USAGE = Metric.instrument("system.filesystem.usage", "updowncounter", "By",
            "Space of a file system, by state");

    public static final List<Metric<Disk>> DISK = Metric.flatten(
            disk("read_count", "ReadsTotal", "Reads completed since boot", Unit.NONE, DiskIoCounters::readCount,
                    DISK_OPERATIONS, "read"),
            disk("write_count", "WritesTotal", "Writes completed since boot", Unit.NONE, DiskIoCounters::writeCount,
                    DISK_OPERATIONS, "write"),
            disk("read_bytes", "ReadBytesTotal", "Bytes read since boot", Unit.BYTES, DiskIoCounters::readBytes, DISK_IO, "read"),
            disk("write_bytes", "WrittenBytesTotal", "Bytes written since boot", Unit.BYTES, DiskIoCounters::writeBytes,
                    DISK_IO, "write"),
            disk("read_time", "ReadMillisecondsTotal", "Time spent on reads since boot", Unit.MILLISECONDS,
                    DiskIoCounters::readTime, null, null),
            disk("write_time", "WriteMillisecondsTotal", "Time spent on writes since boot", Unit.MILLISECONDS,
                    DiskIoCounters::writeTime, null, null),
            disk("read_merged_count", "ReadsMergedTotal", "Reads merged with adjacent ones since boot", Unit.NONE,
                    DiskIoCounters::readMergedCount, null, null),
            disk("write_merged_count", "WritesMergedTotal", "Writes merged with adjacent ones since boot", Unit.NONE,
                    DiskIoCounters::writeMergedCount, null, null),
            disk("busy_time", "BusyMillisecondsTotal", "Time with I/O in flight since boot", Unit.MILLISECONDS,
                    DiskIoCounters::busyTime, null, null),
            rate("busy_percent", "BusyPercent", "Share of the agent's last sampling window with I/O in flight, 0-100",
                    Unit.PERCENT, "jpsutil_disk_busy_ratio"),
            rate("read_bytes_per_second", "ReadBytesPerSecond", "Bytes read per second over the agent's last sampling window",
                    Unit.BYTES, "jpsutil_disk_read_bytes_per_second"),
            rate("write_bytes_per_second", "WrittenBytesPerSecond",
                    "Bytes written per second over the agent's last sampling window", Unit.BYTES,
                    "jpsutil_disk_written_bytes_per_second"));

    public static final List<Metric<Nic>> NIC = Metric.flatten(
            nic("bytes_sent", "SentBytesTotal", "Bytes sent", Unit.BYTES, NetIoCounters::bytesSent, NET_IO, "transmit"),
            nic("bytes_recv", "ReceivedBytesTotal", "Bytes received", Unit.BYTES, NetIoCounters::bytesRecv, NET_IO, "receive"),
            nic("packets_sent", "SentPacketsTotal", "Packets sent", Unit.NONE, NetIoCounters::packetsSent, null, null),
            nic("packets_recv", "ReceivedPacketsTotal", "Packets received", Unit.NONE, NetIoCounters::packetsRecv, null, null),
            nic("errin", "ReceiveErrorsTotal", "Errors receiving", Unit.NONE, NetIoCounters::errin, null, null),
            nic("errout", "SendErrorsTotal", "Errors sending", Unit.NONE, NetIoCounters::errout, null, null),
            nic("dropin", "ReceiveDropsTotal", "Incoming packets dropped", Unit.NONE, NetIoCounters::dropin, null, null),
            nic("dropout", "SendDropsTotal", "Outgoing packets dropped", Unit.NONE, NetIoCounters::dropout, null, null),
            stats("isup", "Up", "1 when the interface is up and running, else 0", s -> s.isup() ? 1 : 0, "jpsutil_network_up"),
            stats("speed", "SpeedMegabitsPerSecond", "Link speed in Mbit/s; 0 when unknown", NetIfStats::speed,
                    "jpsutil_network_speed_megabits_per_second"),
            stats("mtu", "MtuBytes", "Largest packet, in bytes", NetIfStats::mtu, "jpsutil_network_mtu_bytes"),
            rate("bytes_sent_per_second", "SentBytesPerSecond", "Bytes sent per second over the agent's last sampling window",
                    Unit.BYTES, "jpsutil_network_sent_bytes_per_second"),
            rate("bytes_recv_per_second", "ReceivedBytesPerSecond",
                    "Bytes received per second over the agent's last sampling window", Unit.BYTES,
                    "jpsutil_network_received_bytes_per_second"));

    public static final List<Metric<FileSystem>> FILE_SYSTEM = Metric.flatten(
            Metric.<FileSystem>of("disk_partitions", "device", Type.STRING, f -> f.partition().device())
                    .mbean("Device", "The device it is mounted from").done(),
            Metric.<FileSystem>of("disk_partitions", "fstype", Type.STRING, f -> f.partition().fstype())
                    .mbean("Type", "File system type").done(),
            Metric.<FileSystem>of("disk_partitions", "opts", Type.STRING, f -> f.partition().opts())
                    .mbean("Options", "Mount options").done(),
            usage("total", "TotalBytes", "Size", DiskUsage::total, null),
            usage("used", "UsedBytes", "Space in use (blocks reserved for root count as neither used nor free)",
                    DiskUsage::used, "used"),
            usage("free", "FreeBytes", "Space unprivileged users may still use", DiskUsage::free, "free"),
            Metric.<FileSystem>of("disk_usage", "percent", Type.DOUBLE, f -> f.usage().percent())
                    .mbean("UsedPercent", "used / (used + free), in percent, as df shows it").unit(Unit.PERCENT)
                    .prometheus("jpsutil_filesystem_used_ratio").done());

    private DeviceMetrics() {
    }

    private static Metric<Disk> disk(String field, String attribute, String what, Unit unit, Function<DiskIoCounters, Long> f,
                                     Metric.Otel otel, String direction) {
        Metric.Builder<Disk> b = Metric.<Disk>of("disk_io_counters", field, Type.LONG, d -> f.apply(d.io()))
                .mbean(attribute, what).unit(unit).counter()
                .prometheus("jpsutil_disk_" + MetricNames.snake(attribute.replace("Milliseconds", "Seconds")));
        if (otel != null) b.otel(otel, "disk.io.direction", direction);
        return b.done();
    }

    private static Metric<Nic> nic(String field, String attribute, String what, Unit unit, Function<NetIoCounters, Long> f,
                                   Metric.Otel otel, String direction) {
        Metric.Builder<Nic> b = Metric.<Nic>of("net_io_counters", field, Type.LONG, n -> f.apply(n.io()))
                .mbean(attribute, what + " since the interface appeared").unit(unit).counter()
                .prometheus("jpsutil_network_" + MetricNames.snake(attribute));
        if (otel != null) b.otel(otel, "network.io.direction", direction);
        return b.done();
    }

    private static Metric<Nic> stats(String field, String attribute, String what, Function<NetIfStats, Integer> f,
                                     String prometheus) {
        return Metric.<Nic>of("net_if_stats", field, Type.INTEGER, n -> n.stats() == null ? null : f.apply(n.stats()))
                .mbean(attribute, what + "; empty where sysfs does not show the interface").prometheus(prometheus).done();
    }

    private static Metric<FileSystem> usage(String field, String attribute, String what, Function<DiskUsage, Long> f,
                                            String state) {
        Metric.Builder<FileSystem> b = Metric.<FileSystem>of("disk_usage", field, Type.LONG, fs -> f.apply(fs.usage()))
                .mbean(attribute, what + ", in bytes").unit(Unit.BYTES)
                .prometheus("jpsutil_filesystem_" + MetricNames.snake(attribute));
        if (state != null) b.otel(FS_USAGE, "system.filesystem.state", state);
        return b.done();
    }

    /** A rate the agent computes over its window from two readings (with {@link Rates}); not read from one reading. */
    private static <S> Metric<S> rate(String key, String attribute, String what, Unit unit, String prometheus) {
        return Metric.<S>of(key, null, Type.DOUBLE, s -> {
            throw new UnsupportedOperationException(key + " is a rate over two readings: the agent's sampler computes it");
        }).mbean(attribute, what).unit(unit).sampled().notInAsDict().prometheus(prometheus).done();
    }
}
