package io.github.jpsutil;

/**
 * An address of a network interface (psutil's {@code snicaddr}): its family as the OS numbers it
 * (Linux: 2 AF_INET, 10 AF_INET6, 17 AF_PACKET for the MAC), the address, netmask, broadcast and
 * point-to-point peer (null where none).
 */
public record NetIfAddress(String nic, int family, String address, String netmask, String broadcast, String ptp) {
}
