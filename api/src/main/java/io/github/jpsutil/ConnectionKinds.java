package io.github.jpsutil;

import java.util.Set;

/** psutil's connection kinds and the socket tables each takes ("tcp4", "tcp6", "udp4", "udp6", "unix"). */
final class ConnectionKinds {
    private ConnectionKinds() {
    }

    /**
     * The tables of a kind: "inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6",
     * "unix" or "all"; any other kind is an IllegalArgumentException that lists them.
     */
    static Set<String> tables(String kind) {
        return switch (kind == null ? "" : kind) {
            case "inet" -> Set.of("tcp4", "tcp6", "udp4", "udp6");
            case "inet4" -> Set.of("tcp4", "udp4");
            case "inet6" -> Set.of("tcp6", "udp6");
            case "tcp" -> Set.of("tcp4", "tcp6");
            case "tcp4", "tcp6", "udp4", "udp6", "unix" -> Set.of(kind);
            case "udp" -> Set.of("udp4", "udp6");
            case "all" -> Set.of("tcp4", "tcp6", "udp4", "udp6", "unix");
            default -> throw new IllegalArgumentException("unknown connection kind '" + kind
                    + "' (expected inet, inet4, inet6, tcp, tcp4, tcp6, udp, udp4, udp6, unix or all)");
        };
    }
}
