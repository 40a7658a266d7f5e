package io.github.jpsutil.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which process holds each socket: the {@code socket:[inode]} links of every readable
 * {@code /proc/<pid>/fd}. A process that exits or denies access meanwhile is skipped, as psutil
 * skips it; the first (lowest pid) holder of a shared socket is kept.
 */
final class SocketOwners {
    /** A holder: the pid and the descriptor. */
    record Owner(long pid, int fd) {
    }

    private static final byte[] SOCKET = "socket:[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SocketOwners() {
    }

    /**
     * The holders; with {@code nativeAccess} the links are read through {@link FdLinks} where it
     * is available (tens of thousands of descriptors cost milliseconds, not tens of them).
     */
    static Map<Long, Owner> scan(Path procRoot, long[] pids, boolean nativeAccess) {
        FdLinks links = nativeAccess ? FdLinks.open() : null;
        if (links == null) return scan(procRoot, pids);
        Map<Long, Owner> out = new HashMap<>();
        String root = procRoot.toString();
        for (long pid : pids) {
            links.visit(root + "/" + pid + "/fd", (fd, target, length) -> {
                long inode = socketInode(target, length);
                if (inode >= 0) out.putIfAbsent(inode, new Owner(pid, fd));
            });
        }
        return out;
    }

    /** The inode of a link {@code socket:[N]}, else -1. */
    static long socketInode(byte[] target, int length) {
        if (length <= SOCKET.length + 1 || target[length - 1] != ']') return -1;
        for (int i = 0; i < SOCKET.length; i++) if (target[i] != SOCKET[i]) return -1;
        long inode = 0;
        for (int i = SOCKET.length; i < length - 1; i++) {
            int d = target[i] - '0';
            if (d < 0 || d > 9 || inode > (Long.MAX_VALUE - d) / 10) return -1;
            inode = inode * 10 + d;
        }
        return inode;
    }

    /** {@link #scan(Path, long[], boolean)} through java.nio only. */
    static Map<Long, Owner> scan(Path procRoot, long[] pids) {
        Map<Long, Owner> out = new HashMap<>();
        for (long pid : pids) {
            Path fdDir = procRoot.resolve(pid + "/fd");
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(fdDir)) {
                for (Path fd : dir) {
                    long n = ProcFiles.numericName(fd);
                    if (n < 0) continue;
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException | UnsupportedOperationException e) {
                        continue; // closed since listed
                    }
                    if (!target.startsWith("socket:[") || !target.endsWith("]")) continue;
                    long inode = ParseError.plainDigits(target, 8, target.length() - 1);
                    if (inode >= 0) out.putIfAbsent(inode, new Owner(pid, (int) n));
                }
            } catch (IOException e) {
                // gone, or not ours to read
            }
        }
        return out;
    }
}
