package io.github.jpsutil.jconsole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The kernel's own view of a process, read straight from /proc, to check the tab against. */
record ProcFs(long pid, String comm, char state, long ppid, int nice, int threads, long vmRssBytes, List<String> cmdline) {

    static ProcFs of(long pid) throws IOException {
        Path dir = Path.of("/proc", Long.toString(pid));
        String stat = Files.readString(dir.resolve("stat"));
        int open = stat.indexOf('('), close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 2).split(" "); // f[0] is field 3 (state)
        long rss = -1;
        for (String line : Files.readAllLines(dir.resolve("status")))
            if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
        List<String> args = raw.length == 0 ? List.of()
                : Arrays.asList(new String(raw, 0, raw.length - 1, StandardCharsets.UTF_8).split("\0", -1));
        return new ProcFs(pid, stat.substring(open + 1, close), f[0].charAt(0), Long.parseLong(f[1]),
                Integer.parseInt(f[16]), Integer.parseInt(f[17]), rss, args);
    }

    /** The pid and all its descendants, by the ppid field of every process on the machine. */
    static Set<Long> withDescendants(long root) throws IOException {
        List<ProcFs> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                try {
                    all.add(of(Long.parseLong(n)));
                } catch (IOException e) {
                    // exited while listed
                }
            }
        }
        Set<Long> tree = new TreeSet<>(Set.of(root));
        for (boolean grew = true; grew; ) {
            grew = false;
            for (ProcFs p : all) if (tree.contains(p.ppid) && tree.add(p.pid)) grew = true;
        }
        return tree;
    }
}
