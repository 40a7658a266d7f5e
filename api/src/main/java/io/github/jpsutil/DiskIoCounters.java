package io.github.jpsutil;

/**
 * I/O of a disk since boot (psutil's {@code sdiskio}): completed reads and writes, bytes, the time
 * spent on them in milliseconds (as psutil gives it), requests merged with adjacent ones, and the
 * time the disk was busy, in milliseconds.
 */
public record DiskIoCounters(long readCount, long writeCount, long readBytes, long writeBytes, long readTime,
                             long writeTime, long readMergedCount, long writeMergedCount, long busyTime) {
    /** The sum of these counters and another's. */
    public DiskIoCounters plus(DiskIoCounters o) {
        return new DiskIoCounters(readCount + o.readCount, writeCount + o.writeCount, readBytes + o.readBytes,
                writeBytes + o.writeBytes, readTime + o.readTime, writeTime + o.writeTime,
                readMergedCount + o.readMergedCount, writeMergedCount + o.writeMergedCount, busyTime + o.busyTime);
    }

    /** The sum over the names that {@code counted} accepts; empty when none does. */
    static java.util.Optional<DiskIoCounters> total(java.util.Map<String, DiskIoCounters> byName,
                                                    java.util.function.Predicate<String> counted) {
        DiskIoCounters sum = null;
        for (java.util.Map.Entry<String, DiskIoCounters> e : byName.entrySet())
            if (counted.test(e.getKey())) sum = sum == null ? e.getValue() : sum.plus(e.getValue());
        return java.util.Optional.ofNullable(sum);
    }
}
