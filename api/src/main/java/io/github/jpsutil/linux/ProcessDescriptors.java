package io.github.jpsutil.linux;

import io.github.jpsutil.Address;
import io.github.jpsutil.Connection;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OpenFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a process has open: regular files (with fdinfo) and sockets (matched in the net tables). */
final class ProcessDescriptors {
    private final LinuxProcess p;

    ProcessDescriptors(LinuxProcess p) {
        this.p = p;
    }

    /**
     * Whether a failed read of one descriptor's link or fdinfo means that the descriptor was closed
     * since it was listed (ENOENT, from open or from read), so that it is left out: the process is
     * still there and did not deny access. The message would say which, but it follows the locale;
     * and the number may already hold a new descriptor, so its presence proves nothing.
     */
    private boolean closedMeanwhile(IOException e) {
        return !(e instanceof AccessDeniedException) && p.statOrNull() != null;
    }

    /** Regular files open in the process, with position and mode from fdinfo (as psutil lists them). */
    List<OpenFile> openFiles() {
        List<OpenFile> out = new ArrayList<>();
        for (long fd : p.fdNumbers()) {
            String target;
            try {
                target = p.readLink("fd/" + fd);
            } catch (IOException e) {
                if (closedMeanwhile(e)) continue;
                throw p.failure(e);
            }
            if (!target.startsWith("/") || !Files.isRegularFile(Path.of(target))) continue;
            Map<String, Long> info;
            long flags;
            try {
                // one record: the kernel writes a descriptor's fdinfo out whole on the first read
                int n = ProcFiles.readRecordInto(p.dir, "fdinfo/" + fd);
                String text = new String(ProcFiles.bytes(), 0, n, StandardCharsets.UTF_8);
                info = Fields.keyValues(text);
                flags = fdinfoFlags(text);
            } catch (IOException e) {
                if (closedMeanwhile(e)) continue;
                throw p.failure(e);
            }
            out.add(new OpenFile(target, (int) fd, info.getOrDefault("pos", 0L), fileMode((int) flags), (int) flags));
        }
        return out;
    }

    /** The flags line of fdinfo is octal. */
    static long fdinfoFlags(String fdinfo) {
        for (String line : fdinfo.split("\n")) {
            if (line.startsWith("flags:")) {
                try {
                    long flags = Long.parseLong(line.substring(6).trim(), 8);
                    if (flags < 0) throw new NumberFormatException();
                    return flags;
                } catch (NumberFormatException e) {
                    throw new ParseError("/proc/<pid>/fdinfo", "flags not octal: '" + line + "'");
                }
            }
        }
        throw new ParseError("/proc/<pid>/fdinfo", "no flags line");
    }

    /** The mode Python's open() would take for these open(2) flags, as psutil derives it. */
    static String fileMode(int flags) {
        final int accmode = 3, wronly = 1, rdwr = 2, append = 02000;
        String mode = switch (flags & accmode) {
            case wronly -> "w";
            case rdwr -> "w+";
            default -> "r";
        };
        if ((flags & append) != 0) mode = mode.replaceFirst("w", "a");
        return mode.replace("w+", "r+");
    }

    /** Sockets of the process of the given kinds ("tcp4", "tcp6", "udp4", "udp6", "unix"). */
    List<Connection> connections(Set<String> kinds) {
        // a socket may sit on several descriptors (dup): as psutil, an inet socket is listed once,
        // with its lowest descriptor, and a unix socket once per descriptor
        Map<Long, List<Integer>> inodes = new HashMap<>();
        for (long fd : p.fdNumbers()) {
            try {
                String target = p.readLink("fd/" + fd);
                if (target.startsWith("socket:[") && target.endsWith("]"))
                    inodes.computeIfAbsent(ParseError.parseLong("fd link", "socket inode", target.substring(8, target.length() - 1)),
                            k -> new ArrayList<>()).add((int) fd);
            } catch (IOException e) {
                if (!closedMeanwhile(e)) throw p.failure(e);
            }
        }
        List<Connection> out = new ArrayList<>();
        if (inodes.isEmpty()) return out;
        String[][] tables = {{"tcp4", "tcp", "AF_INET", "SOCK_STREAM"}, {"tcp6", "tcp6", "AF_INET6", "SOCK_STREAM"},
                {"udp4", "udp", "AF_INET", "SOCK_DGRAM"}, {"udp6", "udp6", "AF_INET6", "SOCK_DGRAM"}};
        for (String[] t : tables) {
            if (!kinds.contains(t[0])) continue;
            String text = netFile(t[1]);
            if (text == null) continue;
            for (NetTable.InetSocket s : NetTable.parseInet(text, t[0].startsWith("tcp"))) {
                List<Integer> fds = inodes.get(s.inode());
                if (fds != null) out.add(new Connection(fds.get(0), t[2], t[3], s.laddr(), s.raddr(), s.status()));
            }
        }
        if (kinds.contains("unix")) {
            String text = netFile("unix");
            if (text != null) {
                for (NetTable.UnixSocket s : NetTable.parseUnix(text)) {
                    for (int fd : inodes.getOrDefault(s.inode(), List.of()))
                        out.add(new Connection(fd, "AF_UNIX", s.type(), new Address(s.path(), 0), null, Connection.NONE));
                }
            }
        }
        return out;
    }

    /** A table of the process' own network namespace; null when the kernel lacks it (no IPv6). */
    private String netFile(String name) {
        try {
            return ProcFiles.readString(p.dir.resolve("net/" + name));
        } catch (NoSuchFileException e) {
            if (p.statOrNull() == null) throw new NoSuchProcess(p.pid(), p.knownName(), null);
            return null;
        } catch (IOException e) {
            throw p.failure(e);
        }
    }
}
