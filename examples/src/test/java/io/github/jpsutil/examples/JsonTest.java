package io.github.jpsutil.examples;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers written as Python's json module writes them, checked against Python itself. */
class JsonTest {
    private static final List<Double> VALUES = List.of(1.79607872809E9, 1796078728.0, 0.0, -0.0, 1.0, 0.5, 12.25,
            1e-4, 9.99e-5, 1.5e-7, 1e15, 9999999999999998.0, 1e16, 1.5e16, 1.2345e22, -3.25e-9, -42.0, 123456789.125,
            0.1, 1e300, 4.9e-324);

    @Test
    void doublesAreWrittenAsPythonWritesThem() throws Exception {
        String literals = VALUES.stream().map(d -> d.equals(-0.0) ? "-0.0" : Double.toString(d)).collect(Collectors.joining(", "));
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import json; print(json.dumps([" + literals + "]))")
                .redirectErrorStream(true).start();
        try {
            String python = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Json.write(VALUES)).isEqualTo(python);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aCreateTimeIsPlainDecimals() {
        assertThat(Json.write(List.of(1.79607872809E9))).isEqualTo("[1796078728.09]");
    }
}
