package io.github.jpsutil;

import io.github.jpsutil.Metric.Column;
import io.github.jpsutil.Metric.Table;
import io.github.jpsutil.Metric.Type;
import io.github.jpsutil.Metric.Unit;

import java.util.List;
import java.util.function.Function;

/** Mounted file systems and disk I/O of the machine: a part of {@link SystemMetrics#ALL}. */
final class DiskMetrics {
    static final Table<DiskPartition> PARTITIONS = new Table<>("jpsutil.DiskPartition",
            "A file system mounted from a device", "mountpoint", List.of(
            new Column<>("device", "device", Type.STRING, "The device it is mounted from", DiskPartition::device),
            new Column<>("mountpoint", "mountpoint", Type.STRING, "Where it is mounted", DiskPartition::mountpoint),
            new Column<>("fstype", "fstype", Type.STRING, "File system type", DiskPartition::fstype),
            new Column<>("opts", "opts", Type.STRING, "Mount options, comma-separated", DiskPartition::opts),
            new Column<>("maxfile", "maxfile", Type.LONG, "Longest file name it takes; empty here (Psutil.diskPartitions reads it, with a native call this table does not make)", DiskPartition::maxfile),
            new Column<>("maxpath", "maxpath", Type.LONG, "Longest path it takes; empty here, as maxfile", DiskPartition::maxpath)));

    static final Table<NamedRow<DiskIoCounters>> PER_DISK = new Table<>("jpsutil.DiskIo", "I/O of one disk or partition since boot", "name",
            List.of(new Column<>("name", "name", Type.STRING, "The kernel's name of the disk or partition", NamedRow::name),
                    col("read_count", "readsTotal", "Reads completed", DiskIoCounters::readCount),
                    col("write_count", "writesTotal", "Writes completed", DiskIoCounters::writeCount),
                    col("read_bytes", "readBytesTotal", "Bytes read", DiskIoCounters::readBytes),
                    col("write_bytes", "writtenBytesTotal", "Bytes written", DiskIoCounters::writeBytes),
                    col("read_time", "readMillisecondsTotal", "Milliseconds spent reading", DiskIoCounters::readTime),
                    col("write_time", "writeMillisecondsTotal", "Milliseconds spent writing", DiskIoCounters::writeTime),
                    col("read_merged_count", "readsMergedTotal", "Reads merged", DiskIoCounters::readMergedCount),
                    col("write_merged_count", "writesMergedTotal", "Writes merged", DiskIoCounters::writeMergedCount),
                    col("busy_time", "busyMillisecondsTotal", "Milliseconds with I/O in flight", DiskIoCounters::busyTime)));

    static final List<Metric<SystemView>> ALL = Metric.flatten(
            Metric.<SystemView>of("disk_partitions", null, Type.TABLE, SystemView::diskPartitions).table(PARTITIONS)
                    .mbean("DiskPartitions", "File systems mounted from devices (psutil's disk_partitions())").done(),
            io("read_count", "DiskReadsTotal", "Reads the disks completed since boot", Unit.NONE, DiskIoCounters::readCount),
            io("write_count", "DiskWritesTotal", "Writes the disks completed since boot", Unit.NONE,
                    DiskIoCounters::writeCount),
            io("read_bytes", "DiskReadBytesTotal", "Bytes read from the disks since boot", Unit.BYTES,
                    DiskIoCounters::readBytes),
            io("write_bytes", "DiskWrittenBytesTotal", "Bytes written to the disks since boot", Unit.BYTES,
                    DiskIoCounters::writeBytes),
            io("read_time", "DiskReadMillisecondsTotal", "Time the disks spent on reads since boot",
                    Unit.MILLISECONDS, DiskIoCounters::readTime),
            io("write_time", "DiskWriteMillisecondsTotal", "Time the disks spent on writes since boot",
                    Unit.MILLISECONDS, DiskIoCounters::writeTime),
            io("read_merged_count", "DiskReadsMergedTotal", "Reads merged with adjacent ones since boot", Unit.NONE,
                    DiskIoCounters::readMergedCount),
            io("write_merged_count", "DiskWritesMergedTotal", "Writes merged with adjacent ones since boot", Unit.NONE,
                    DiskIoCounters::writeMergedCount),
            io("busy_time", "DiskBusyMillisecondsTotal", "Time the disks had I/O in flight since boot",
                    Unit.MILLISECONDS, DiskIoCounters::busyTime),
            Metric.<SystemView>of("disk_io_counters_perdisk", null, Type.TABLE, s -> NamedRow.of(s.diskIoCountersPerdisk()))
                    .table(PER_DISK)
                    .mbean("DiskIoCountersPerDisk", "I/O of each disk and partition since boot (psutil's disk_io_counters(perdisk=True))")
                    .done());

    private DiskMetrics() {
    }

    private static Column<NamedRow<DiskIoCounters>> col(String key, String item, String what, Function<DiskIoCounters, Long> f) {
        return new Column<>(key, item, Type.LONG, what + " since boot", r -> f.apply(r.value()));
    }

    /**
     * A field of the disks' total; empty (psutil's None) on a machine without disks. OpenTelemetry
     * takes disk I/O per device, from the Disk MBeans, so the total has a Prometheus name only.
     */
    private static Metric<SystemView> io(String field, String attribute, String what, Unit unit,
                                         Function<DiskIoCounters, Long> f) {
        String prometheus = "jpsutil_system_" + MetricNames.snake(attribute.replace("Milliseconds", "Seconds"));
        Metric.Builder<SystemView> b = Metric.<SystemView>of("disk_io_counters", field, Type.LONG, s -> {
            DiskIoCounters c = s.diskIoCounters();
            return c == null ? null : f.apply(c);
        }).mbean(attribute, what + " (whole disks, not partitions)").unit(unit).counter().prometheus(prometheus);
        return b.done();
    }
}
