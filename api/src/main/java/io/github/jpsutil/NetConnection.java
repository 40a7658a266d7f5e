package io.github.jpsutil;

/**
 * A socket of the machine (psutil's {@code sconn}): as a process' {@link Connection}, with the
 * process that holds it and its descriptor there; {@code pid} null and {@code fd} -1 when no
 * process could be seen holding it (another user's, without privileges, or the kernel's own).
 */
public record NetConnection(int fd, String family, String type, Address laddr, Address raddr, String status, Long pid) {
}
