package io.github.jpsutil;

/**
 * A socket of a process (psutil's {@code pconn}). {@code family} is "AF_INET", "AF_INET6" or
 * "AF_UNIX"; {@code type} "SOCK_STREAM", "SOCK_DGRAM" or "SOCK_SEQPACKET"; {@code raddr} is null
 * when there is no remote end, and an inet {@code laddr} null when the socket is not bound (port 0,
 * psutil's empty tuple); {@code status} is a TCP state such as "ESTABLISHED" or "NONE".
 */
public record Connection(int fd, String family, String type, Address laddr, Address raddr, String status) {
    public static final String NONE = "NONE";
}
