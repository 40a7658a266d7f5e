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

    private SocketOwners() {
    }

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
