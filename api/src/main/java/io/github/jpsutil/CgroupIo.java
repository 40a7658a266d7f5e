package io.github.jpsutil;

/**
 * I/O of a cgroup on one block device (v2 io.stat; v1 blkio.throttle.io_service_bytes and
 * io_serviced), counted since the cgroup was made.
 *
 * @param device     the device as "major:minor"
 * @param readBytes  bytes read
 * @param writeBytes bytes written
 * @param readOps    read operations
 * @param writeOps   write operations
 */
public record CgroupIo(String device, long readBytes, long writeBytes, long readOps, long writeOps) {
}
