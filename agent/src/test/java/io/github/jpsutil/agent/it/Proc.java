package io.github.jpsutil.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the kernel itself says, read straight from /proc (and getconf/ionice), to compare with the MBeans. */
final class Proc {
    static final long CLK_TCK = Long.parseLong(run("getconf", "CLK_TCK"));
    static final long PAGE_SIZE = Long.parseLong(run("getconf", "PAGESIZE"));

    private Proc() {
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(String path) throws IOException {
        return Files.readString(Path.of(path));
    }

    /** /proc/PID/stat split after the name, numbered as in proc(5): get(3) is the state, get(4) the ppid. */
    static final class Stat {
        private final String[] rest;
        final String comm;

        Stat(long pid) throws IOException {
            String s = read("/proc/" + pid + "/stat");
            comm = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
            rest = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        }

        String get(int field) {
            return rest[field - 3];
        }

        long num(int field) {
            return Long.parseLong(get(field));
        }

        double seconds(int field) {
            return num(field) / (double) CLK_TCK;
        }
    }

    /** A signal is delivered asynchronously: the state the kernel shows once it settles (or after 5 s). */
    static String awaitState(long pid, String wanted) throws IOException, InterruptedException {
        String st = new Stat(pid).get(3);
        for (int i = 0; i < 500 && !st.equals(wanted); i++) {
            Thread.sleep(10);
            st = new Stat(pid).get(3);
        }
        return st;
    }

    /** "Name: value" lines of /proc/PID/status or /proc/PID/io. */
    static Map<String, String> keyValues(String path) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String line : read(path).split("\n")) {
            int c = line.indexOf(':');
            if (c > 0) m.put(line.substring(0, c).trim(), line.substring(c + 1).trim());
        }
        return m;
    }

    static long[] statm(long pid) throws IOException {
        return Arrays.stream(read("/proc/" + pid + "/statm").trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }

    static String link(String path) throws IOException {
        return Files.readSymbolicLink(Path.of(path)).toString();
    }

    static List<String> cmdline(long pid) throws IOException {
        String s = read("/proc/" + pid + "/cmdline");
        return List.of(s.substring(0, s.length() - 1).split("\0"));
    }

    static int count(String dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return (int) s.count();
        }
    }

    static double btime() throws IOException {
        for (String line : read("/proc/stat").split("\n")) if (line.startsWith("btime ")) return Double.parseDouble(line.substring(6));
        throw new IllegalStateException("no btime");
    }

    /** The "cpu" line of /proc/stat in seconds: user nice system idle iowait irq softirq steal. */
    static double[] cpu() throws IOException {
        String line = read("/proc/stat").split("\n")[0];
        return Arrays.stream(line.substring(4).trim().split("\\s+")).mapToDouble(t -> Long.parseLong(t) / (double) CLK_TCK).toArray();
    }

    static long meminfo(String key) throws IOException {
        return Long.parseLong(keyValues("/proc/meminfo").get(key).replace(" kB", "")) * 1024;
    }

    static long[] children(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.flatMap(t -> {
                try {
                    return Arrays.stream(Files.readString(t.resolve("children")).trim().split("\\s+"));
                } catch (IOException e) {
                    return Stream.empty();
                }
            }).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).sorted().toArray();
        }
    }
}
