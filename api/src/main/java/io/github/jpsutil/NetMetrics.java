package io.github.jpsutil;

import io.github.jpsutil.Metric.Column;
import io.github.jpsutil.Metric.Table;
import io.github.jpsutil.Metric.Type;
import io.github.jpsutil.Metric.Unit;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Network interfaces of the machine: traffic, state and addresses; a part of {@link SystemMetrics#ALL}. */
final class NetMetrics {
    private static final NetIoCounters NONE = new NetIoCounters(0, 0, 0, 0, 0, 0, 0, 0);

    private static final Table<NamedRow<NetIoCounters>> PER_NIC = new Table<>("jpsutil.NicIo",
            "Traffic of one network interface", "name", List.of(
            new Column<>("name", "name", Type.STRING, "The interface", NamedRow::name),
            io("bytes_sent", "sentBytesTotal", "Bytes sent", NetIoCounters::bytesSent),
            io("bytes_recv", "receivedBytesTotal", "Bytes received", NetIoCounters::bytesRecv),
            io("packets_sent", "sentPacketsTotal", "Packets sent", NetIoCounters::packetsSent),
            io("packets_recv", "receivedPacketsTotal", "Packets received", NetIoCounters::packetsRecv),
            io("errin", "receiveErrorsTotal", "Errors receiving", NetIoCounters::errin),
            io("errout", "sendErrorsTotal", "Errors sending", NetIoCounters::errout),
            io("dropin", "receiveDropsTotal", "Incoming packets dropped", NetIoCounters::dropin),
            io("dropout", "sendDropsTotal", "Outgoing packets dropped", NetIoCounters::dropout)));

    private static final Table<NamedRow<NetIfStats>> STATS = new Table<>("jpsutil.NicStats", "State of one network interface",
            "name", List.of(
            new Column<>("name", "name", Type.STRING, "The interface", NamedRow::name),
            new Column<>("isup", "isup", Type.INTEGER, "1 when up and running, else 0", r -> r.value().isup() ? 1 : 0),
            new Column<>("duplex", "duplex", Type.INTEGER, "2 full, 1 half, 0 unknown (psutil's NicDuplex)",
                    r -> r.value().duplex()),
            new Column<>("speed", "speedMegabitsPerSecond", Type.INTEGER, "Link speed in Mbit/s; 0 when unknown",
                    r -> r.value().speed()),
            new Column<>("mtu", "mtuBytes", Type.INTEGER, "Largest packet, in bytes", r -> r.value().mtu()),
            new Column<>("flags", "flags", Type.STRING, "Interface flags, comma-separated", r -> r.value().flags())));

    private static final Table<NetIfAddress> ADDRS = new Table<>("jpsutil.NicAddress", "An address of a network interface",
            "address", List.of(
            new Column<>("nic", "nic", Type.STRING, "The interface", NetIfAddress::nic),
            new Column<>("family", "family", Type.INTEGER, "2 IPv4, 10 IPv6, 17 hardware (MAC)", NetIfAddress::family),
            new Column<>("address", "address", Type.STRING, "The address", NetIfAddress::address),
            new Column<>("netmask", "netmask", Type.STRING, "Its netmask; empty for a MAC", NetIfAddress::netmask),
            new Column<>("broadcast", "broadcast", Type.STRING, "Broadcast address; empty where none", NetIfAddress::broadcast),
            new Column<>("ptp", "ptp", Type.STRING, "Peer of a point-to-point link; empty where none", NetIfAddress::ptp)));

    static final List<Metric<SystemView>> ALL = Metric.flatten(
            total("bytes_sent", "NetworkSentBytesTotal", "Bytes sent", Unit.BYTES, NetIoCounters::bytesSent),
            total("bytes_recv", "NetworkReceivedBytesTotal", "Bytes received", Unit.BYTES, NetIoCounters::bytesRecv),
            total("packets_sent", "NetworkSentPacketsTotal", "Packets sent", Unit.NONE, NetIoCounters::packetsSent),
            total("packets_recv", "NetworkReceivedPacketsTotal", "Packets received", Unit.NONE, NetIoCounters::packetsRecv),
            total("errin", "NetworkReceiveErrorsTotal", "Errors receiving", Unit.NONE, NetIoCounters::errin),
            total("errout", "NetworkSendErrorsTotal", "Errors sending", Unit.NONE, NetIoCounters::errout),
            total("dropin", "NetworkReceiveDropsTotal", "Incoming packets dropped", Unit.NONE, NetIoCounters::dropin),
            total("dropout", "NetworkSendDropsTotal", "Outgoing packets dropped", Unit.NONE, NetIoCounters::dropout),
            Metric.<SystemView>of("net_io_counters_pernic", null, Type.TABLE, s -> NamedRow.of(s.netIoCountersPernic()))
                    .table(PER_NIC).mbean("NetworkIoCountersPerNic",
                            "Traffic of each network interface (psutil's net_io_counters(pernic=True))").done(),
            Metric.<SystemView>of("net_if_stats", null, Type.TABLE, s -> NamedRow.of(s.netIfStats())).table(STATS)
                    .mbean("NetworkInterfaceStats", "State of each network interface (psutil's net_if_stats())").done(),
            // one address may sit on two interfaces: a table indexed by address would lose one, so JSON only
            Metric.<SystemView>of("net_if_addrs", null, Type.TABLE, SystemView::netIfAddrs).table(ADDRS)
                    .describe("Addresses of each network interface (psutil's net_if_addrs()), one row each").done());

    private NetMetrics() {
    }

    /** All interfaces together, loopback included, as psutil adds them (OpenTelemetry takes traffic per interface). */
    static NetIoCounters total(Map<String, NetIoCounters> byName) {
        NetIoCounters sum = NONE;
        for (NetIoCounters c : byName.values()) sum = sum.plus(c);
        return sum;
    }

    private static Column<NamedRow<NetIoCounters>> io(String key, String item, String what, Function<NetIoCounters, Long> f) {
        return new Column<>(key, item, Type.LONG, what + " since the interface appeared", r -> f.apply(r.value()));
    }

    private static Metric<SystemView> total(String field, String attribute, String what, Unit unit,
                                            Function<NetIoCounters, Long> f) {
        return Metric.<SystemView>of("net_io_counters", field, Type.LONG, s -> f.apply(s.netIoCounters()))
                .mbean(attribute, what + " on all network interfaces (loopback included) since they appeared").unit(unit)
                .counter().prometheus("jpsutil_system_" + MetricNames.snake(attribute)).done();
    }
}
