package io.github.jpsutil;

import io.github.jpsutil.linux.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static io.github.jpsutil.FakeProc.write;
import static org.assertj.core.api.Assertions.fail;

/**
 * Parser robustness through the whole backend: a fake /proc tree whose files are
 * mutated, truncated or replaced by garbage, then every reading of the public API. Only the
 * library's declared exceptions may come out.
 */
class FakeProcFuzzTest {
    private static final long SEED = Long.getLong("jpsutil.fuzz.seed", 20261127L);
    private static final int ROUNDS = Integer.getInteger("jpsutil.fuzz.rounds", 3000) / 20;

    @TempDir
    Path dir;

    private static final String NASTY = "() )(  \n\t\0::--,0123456789abcdefABCDEFkBZRST\uFFFD\u00e9";

    private static String mutate(Random r, String s) {
        switch (r.nextInt(5)) {
            case 0:
                return s.substring(0, s.isEmpty() ? 0 : r.nextInt(s.length()));
            case 1:
                return "";
            case 2: {
                byte[] b = new byte[r.nextInt(200)];
                r.nextBytes(b);
                return new String(b, StandardCharsets.UTF_8);
            }
            default: {
                StringBuilder b = new StringBuilder(s);
                for (int e = 0; e < 1 + r.nextInt(5) && b.length() > 0; e++) {
                    int at = r.nextInt(b.length());
                    if (r.nextBoolean()) b.setCharAt(at, NASTY.charAt(r.nextInt(NASTY.length())));
                    else b.insert(at, r.nextBoolean() ? "99999999999999999999" : ")");
                }
                return b.toString();
            }
        }
    }

    private static Map<String, Function<OsProcess, Object>> readings() {
        Map<String, Function<OsProcess, Object>> m = new LinkedHashMap<>(LiveErrorsTest.getters());
        m.remove("ionice"); // a system call on the real kernel, not a parser
        m.put("connections(all)", p -> p.connections("all"));
        m.put("parent", OsProcess::parent);
        m.put("children(recursive)", p -> p.children(true));
        m.put("isRunning", OsProcess::isRunning);
        m.put("cpuPercent", p -> p.cpuPercent());
        return m;
    }

    @Test
    void everyReadingOfAProcessWithBrokenFiles() {
        Random r = new Random(SEED);
        FakeProc fake = new FakeProc(dir);
        write(fake.proc.resolve("meminfo"), Samples.text("meminfo-6.x.txt"));
        String[] files = {"stat", "status", "statm", "io", "cmdline", "task/100/stat", "task/100/children", "fdinfo/3",
                "net/tcp", "net/tcp6", "net/udp", "net/udp6", "net/unix"};
        for (int i = 0; i < ROUNDS; i++) {
            Path d = fake.process(100, "a) (b", 'S', 1, 1000, "x\0y z\0");
            FakeProc.link(d.resolve("fd/3"), dir.resolve("f.txt").toString());
            write(dir.resolve("f.txt"), "x");
            write(d.resolve("fdinfo/3"), Samples.text("fdinfo-6.x-mode-a.txt"));
            FakeProc.link(d.resolve("fd/4"), "socket:[6501]");
            FakeProc.link(d.resolve("fd/5"), "socket:[6510]");
            for (String t : new String[]{"tcp", "tcp6", "udp", "udp6", "unix"})
                write(d.resolve("net/" + t), Samples.text("net-" + t + "-6.x.txt"));
            write(d.resolve("task/100/children"), "");
            OsProcess p;
            try {
                p = fake.psutil().process(100);
            } catch (Throwable t) {
                throw new AssertionError("opening the intact fake process failed", t);
            }
            String file = files[r.nextInt(files.length)];
            Path target = d.resolve(file);
            String before = read(target);
            String after = mutate(r, before);
            write(target, after);
            for (var e : readings().entrySet()) {
                try {
                    e.getValue().apply(p);
                } catch (JpsutilException expected) {
                    // declared
                } catch (Throwable t) {
                    fail(e.getKey() + " threw " + t + " with " + file + " = " + show(after) + " (seed " + SEED + ", round " + i + ")", t);
                }
            }
            fake.delete(100);
        }
    }

    @Test
    void systemReadingsWithBrokenFiles() {
        Random r = new Random(SEED + 1);
        FakeProc fake = new FakeProc(dir);
        Map<String, String> intact = Map.of("proc/stat", Samples.text("stat-system-6.x.txt"),
                "proc/meminfo", Samples.text("meminfo-3.13-handwritten.txt"),
                "proc/zoneinfo", Samples.text("zoneinfo-3.13-handwritten.txt"),
                "proc/vmstat", "pswpin 1\npswpout 2\n",
                "sys/devices/system/cpu/online", "0-3\n",
                "sys/devices/system/cpu/cpu0/topology/core_cpus_list", "0-1\n");
        String[] names = intact.keySet().toArray(new String[0]);
        for (int i = 0; i < ROUNDS; i++) {
            intact.forEach((k, v) -> write(dir.resolve(k), v));
            Psutil ps = fake.psutil();
            String name = names[r.nextInt(names.length)];
            String after = mutate(r, intact.get(name));
            write(dir.resolve(name), after);
            Map<String, Function<Psutil, Object>> calls = new LinkedHashMap<>();
            calls.put("cpuTimes", Psutil::cpuTimes);
            calls.put("cpuPercent", Psutil::cpuPercent);
            calls.put("bootTime", Psutil::bootTime);
            calls.put("cpuCount", Psutil::cpuCount);
            calls.put("cpuCount(false)", s -> s.cpuCount(false));
            calls.put("virtualMemory", Psutil::virtualMemory);
            calls.put("swapMemory", Psutil::swapMemory);
            calls.put("pids", Psutil::pids);
            for (var e : calls.entrySet()) {
                try {
                    e.getValue().apply(ps);
                } catch (JpsutilException expected) {
                    // declared
                } catch (Throwable t) {
                    fail(e.getKey() + " threw " + t + " with " + name + " = " + show(after) + " (seed " + SEED + ")", t);
                }
            }
        }
    }

    private static String read(Path p) {
        try {
            return java.nio.file.Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String show(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.substring(0, Math.min(300, s.length())).toCharArray())
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        return b.append('"').toString();
    }
}
