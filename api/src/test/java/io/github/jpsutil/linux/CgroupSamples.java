package io.github.jpsutil.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the fixtures under src/test/resources/cgroup-samples (see the README there for their origin). */
public final class CgroupSamples {
    private CgroupSamples() {
    }

    public static String text(String name) {
        try (InputStream in = CgroupSamples.class.getResourceAsStream("/cgroup-samples/" + name)) {
            if (in == null) throw new IllegalArgumentException("no sample " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
