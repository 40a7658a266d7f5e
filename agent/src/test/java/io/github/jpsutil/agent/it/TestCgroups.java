package io.github.jpsutil.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Cgroups a test makes under this machine's v1 controllers (as root; the test is skipped otherwise)
 * and removes after, once their last task is gone.
 */
public final class TestCgroups {
    private static final Path FS = Path.of("/sys/fs/cgroup");
    private final List<Path> made = new ArrayList<>();

    /** A fresh cgroup of a v1 controller. */
    public Path make(String controller) throws IOException {
        assumeThat(ProcessHandle.current().info().user().orElse("")).as("root").isEqualTo("root");
        assumeThat(Files.isDirectory(FS.resolve(controller))).as("a v1 " + controller + " controller").isTrue();
        Path d = Files.createDirectory(FS.resolve(controller).resolve("jpsutil-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong())));
        made.add(d);
        return d;
    }

    /** Its path as /proc/&lt;pid&gt;/cgroup writes it. */
    public static String path(String controller, Path cgroup) {
        return "/" + FS.resolve(controller).relativize(cgroup);
    }

    /** Removes every cgroup made here (a killed task may take a moment to leave); fails if one stays. */
    public void removeAll() throws InterruptedException {
        for (Path d : made) {
            for (int i = 0; i < 100 && Files.exists(d); i++) {
                try {
                    Files.delete(d);
                } catch (IOException busy) {
                    Thread.sleep(50);
                }
            }
            if (Files.exists(d)) throw new AssertionError(d + " could not be removed");
        }
        made.clear();
    }
}
