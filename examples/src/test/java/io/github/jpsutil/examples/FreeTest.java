package io.github.jpsutil.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code free -b} against procps-ng 4's {@code free -b}, read right after: the same columns, the same formulas. */
class FreeTest {
    @Test
    void memoryColumnsMatchProcps4() throws Exception {
        assumeTrue(run("free", "-V").contains("procps-ng 4."), "procps-ng 4 free is not installed");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Main.run(new String[]{"free", "-b"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
        long[] ours = memLine(out.toString(StandardCharsets.UTF_8));
        long[] procps = memLine(run("free", "-b"));
        assertThat(ours[0]).as("total").isEqualTo(procps[0]);
        String[] names = {"total", "used", "free", "shared", "buff/cache", "available"};
        for (int i = 1; i < names.length; i++) // memory moves between the two reads
            assertThat(ours[i]).as(names[i]).isCloseTo(procps[i], org.assertj.core.data.Offset.offset(64L << 20));
        // procps-ng 4's used is total - available, exactly, in its own output
        assertThat(procps[1]).isEqualTo(procps[0] - procps[5]);
        assertThat(ours[1]).isEqualTo(ours[0] - ours[5]);
    }

    private static long[] memLine(String text) {
        String line = text.lines().filter(l -> l.startsWith("Mem:")).findFirst().orElseThrow();
        String[] w = line.trim().split("\\s+");
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) v[i] = Long.parseLong(w[i + 1]);
        return v;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return out;
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
