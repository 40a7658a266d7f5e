package io.github.jpsutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers for tests against this machine's kernel: run commands, read /proc, keep track of children. */
final class Live {
    private final List<Popen> children = new ArrayList<>();

    /** Starts a child through the library and remembers it for {@link #reapAll()}. */
    Popen start(String... command) {
        return start(new ProcessBuilder(command));
    }

    Popen start(ProcessBuilder b) {
        b.redirectErrorStream(true);
        b.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Popen p = Psutil.local().start(b);
        children.add(p);
        return p;
    }

    /** Kills every child started here and its descendants, and waits for them (no zombies left behind). */
    void reapAll() throws InterruptedException {
        for (Popen p : children) {
            List<ProcessHandle> desc = p.process().descendants().toList();
            p.process().destroyForcibly();
            for (ProcessHandle d : desc) d.destroyForcibly();
            p.process().waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle d : desc) d.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> d).join();
        }
        children.clear();
    }

    /** Runs a command to its end (at most 60 s, then it is killed) and returns its standard output. */
    static String run(String... command) {
        Path out = null;
        try {
            out = Files.createTempFile("jpsutil-run", ".out");
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 60 s");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (out != null) out.toFile().delete();
        }
    }

    /** {@code ps -o FORMAT= -p PID}, trimmed. */
    static String ps(long pid, String format) {
        return run("ps", "-o", String.join("=,", format.split(",")) + "=", "-p", Long.toString(pid)).trim();
    }

    static boolean commandExists(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
            if (Files.isExecutable(Path.of(dir, name))) return true;
        return false;
    }

    /**
     * "key: number [kB]" or "key number" lines as a map, kB in bytes: the test's own reading of
     * /proc/meminfo, /proc/<pid>/io and the like, apart from the library's parser.
     */
    static java.util.Map<String, Long> keyValues(String text) {
        java.util.Map<String, Long> m = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.replace(":", " ").trim().split("\\s+");
            if (f.length >= 2 && f[1].matches("\\d+"))
                m.put(f[0], Long.parseLong(f[1]) * (f.length > 2 && f[2].equals("kB") ? 1024 : 1));
        }
        return m;
    }

    /** The numbers of a one-line file such as /proc/<pid>/statm. */
    static long[] numbers(String text) {
        return java.util.Arrays.stream(text.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    /** The name of a uid in /etc/passwd, or null. */
    static String passwdName(String passwd, long uid) {
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":");
            if (f.length > 2 && f[2].equals(Long.toString(uid))) return f[0];
        }
        return null;
    }

    static String read(String path) {
        try {
            return new String(Files.readAllBytes(Path.of(path)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fields of /proc/PID/stat numbered as in proc(5): [1] pid, [2] comm, [3] state, ... */
    static String[] stat(long pid) {
        String s = read("/proc/" + pid + "/stat");
        int close = s.lastIndexOf(')');
        String[] rest = s.substring(close + 2).trim().split(" ");
        String[] f = new String[rest.length + 3];
        f[1] = s.substring(0, s.indexOf(' '));
        f[2] = s.substring(s.indexOf('(') + 1, close);
        System.arraycopy(rest, 0, f, 3, rest.length);
        return f;
    }

    /** The value of a "Key:" line of /proc/PID/status. */
    static String status(long pid, String key) {
        for (String line : read("/proc/" + pid + "/status").split("\n"))
            if (line.startsWith(key + ":")) return line.substring(key.length() + 1).trim();
        throw new IllegalArgumentException("no " + key + " in status of " + pid);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String readlink(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
