package io.github.jpsutil;

/** A socket address: an IP and port, or for a UNIX socket its path in {@code ip} and port 0. */
public record Address(String ip, int port) {
    @Override
    public String toString() {
        if (port == 0 && !ip.contains(".") && !ip.contains(":")) return ip;
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
