package io.github.jpsutil;

/** Traffic of a network interface since it appeared (psutil's {@code snetio}): bytes, packets, errors and drops. */
public record NetIoCounters(long bytesSent, long bytesRecv, long packetsSent, long packetsRecv, long errin, long errout,
                            long dropin, long dropout) {
    /** The sum of these counters and another's. */
    public NetIoCounters plus(NetIoCounters o) {
        return new NetIoCounters(bytesSent + o.bytesSent, bytesRecv + o.bytesRecv, packetsSent + o.packetsSent,
                packetsRecv + o.packetsRecv, errin + o.errin, errout + o.errout, dropin + o.dropin, dropout + o.dropout);
    }
}
