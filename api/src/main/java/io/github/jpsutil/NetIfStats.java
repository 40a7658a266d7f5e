package io.github.jpsutil;

/**
 * State of a network interface (psutil's {@code snicstats}): whether it is up and running, its
 * duplex (psutil's NicDuplex: 2 full, 1 half, 0 unknown), speed in Mbit/s (0 when unknown), MTU
 * in bytes, and its flags as psutil names them ("up,broadcast,running,multicast").
 */
public record NetIfStats(boolean isup, int duplex, int speed, int mtu, String flags) {
}
