package io.github.jpsutil.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the fixtures under src/test/resources/proc-samples (see the README there for their origin). */
public final class Samples {
    private Samples() {
    }

    public static byte[] bytes(String name) {
        return resource("/proc-samples/" + name);
    }

    /** A capture under src/test/resources/net (see the README there). */
    public static byte[] net(String name) {
        return resource("/net/" + name);
    }

    private static byte[] resource(String path) {
        try (InputStream in = Samples.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no sample " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String netText(String name) {
        return new String(net(name), StandardCharsets.UTF_8);
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
