package io.github.jpsutil.micrometer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Child processes in tests (shared with the Spring Boot tests through this module's test jar). */
public final class Children {
    private Children() {
    }

    /** Waits until the child runs sleep(1) and sleeps: after exec and the dynamic loader, so that /proc holds still. */
    public static void settle(long pid) throws IOException, InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int i = 0; i < 1000; i++) {
            if (Files.readString(stat).contains("(sleep) S ")) return;
            Thread.sleep(10);
        }
        throw new AssertionError("child " + pid + " never settled in sleep");
    }
}
