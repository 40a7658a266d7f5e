package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.fail;

/**
 * The cgroup and pressure parsers on truncated, spliced and random input made from the samples by
 * a seeded {@link Random}: the only failure that may come out is the library's {@link JpsutilException}
 * (a {@link ParseError}). A failure prints the seed and the input, so it can be replayed.
 */
class CgroupFuzzTest {
    private static final long SEED = Long.getLong("jpsutil.fuzz.seed", 20261201L);
    private static final int ROUNDS = Integer.getInteger("jpsutil.fuzz.rounds", 3000);
    private static final String NASTY = " \n\t:=,.-+0123456789maxsomefullavgtotal/\0\uFFFD\u00e9";

    private static final List<String> SAMPLES = List.of("proc-self-cgroup-6.x-hybrid.txt", "proc-pressure-cpu-6.x.txt",
            "proc-pressure-io-6.x.txt", "v1-6.x/memory.stat", "v1-6.x/memory.oom_control", "v1-6.x/cpu.stat",
            "v1-6.x/cpuacct.stat", "v1-6.x/memory.limit_in_bytes", "v1-6.x/memory.memsw.limit_in_bytes",
            "v1-6.x/blkio.throttle.io_service_bytes_recursive.handwritten", "v2-handwritten/io.stat",
            "v2-handwritten/cpu.max", "v2-handwritten/memory.events", "v2-handwritten/memory.pressure",
            "v2-handwritten/proc-cgroup", "v2-handwritten/memory.max.unlimited");

    private static final Map<String, Consumer<String>> PARSERS = new TreeMap<>(Map.of(
            "procCgroup", CgroupText::procCgroup,
            "limit", t -> CgroupText.limit("f", t),
            "number", t -> CgroupText.number("f", t),
            "flatKeyed", t -> CgroupText.flatKeyed("f", t),
            "cpuMax", CgroupText::cpuMax,
            "nestedKeyed", t -> CgroupText.nestedKeyed("f", t),
            "blkio", t -> CgroupText.blkio("f", t),
            "pressure", t -> CgroupText.pressure("f", t)));

    @Test
    void mutatedSamplesFailOnlyWithTheDeclaredError() {
        Random r = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            String base = CgroupSamples.text(SAMPLES.get(r.nextInt(SAMPLES.size())));
            String input = switch (r.nextInt(5)) {
                case 0 -> base.substring(0, r.nextInt(base.length() + 1));
                case 1 -> splice(base, r);
                case 2 -> random(r, r.nextInt(200));
                case 3 -> base.replace(' ', NASTY.charAt(r.nextInt(NASTY.length())));
                default -> base + random(r, r.nextInt(40)) + "\n" + base;
            };
            for (Map.Entry<String, Consumer<String>> p : PARSERS.entrySet()) feed(p.getKey(), p.getValue(), input);
        }
    }

    @Test
    void hugeAndSignedNumbersFailOnlyWithTheDeclaredError() {
        for (String n : List.of("99999999999999999999", "-9223372036854775808", "+5", "9223372036854775807", "1e3", "0x10"))
            for (Map.Entry<String, Consumer<String>> p : PARSERS.entrySet()) {
                feed(p.getKey(), p.getValue(), n);
                feed(p.getKey(), p.getValue(), "8:0 rbytes=" + n + "\nsome avg10=" + n + " avg60=0.00 avg300=0.00 total=" + n);
                feed(p.getKey(), p.getValue(), "key " + n + "\n" + n + " " + n);
            }
    }

    private static String splice(String base, Random r) {
        StringBuilder b = new StringBuilder(base);
        for (int i = 0; i < 1 + r.nextInt(4) && b.length() > 0; i++)
            b.setCharAt(r.nextInt(b.length()), NASTY.charAt(r.nextInt(NASTY.length())));
        return b.toString();
    }

    private static String random(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(NASTY.charAt(r.nextInt(NASTY.length())));
        return b.toString();
    }

    private static void feed(String parser, Consumer<String> p, String input) {
        try {
            p.accept(input);
        } catch (JpsutilException expected) {
            // the declared failure
        } catch (Throwable t) {
            fail(parser + " threw " + t + " (seed " + SEED + ") on: " + input.replace("\n", "\\n"), t);
        }
    }
}
