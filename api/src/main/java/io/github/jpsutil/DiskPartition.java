package io.github.jpsutil;

/**
 * A mounted file system (psutil's {@code sdiskpart}): the device ("" for none), where it is
 * mounted, its type and mount options, and the longest file name and path it takes (null when its
 * mount point cannot be queried).
 */
public record DiskPartition(String device, String mountpoint, String fstype, String opts, Long maxfile, Long maxpath) {
}
