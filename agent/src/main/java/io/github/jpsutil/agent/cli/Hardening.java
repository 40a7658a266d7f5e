package io.github.jpsutil.agent.cli;

import io.github.jpsutil.agent.JmxSerialFilter;

import java.io.IOException;
import java.io.ObjectInputFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the command line sets up before it talks to a JVM it does not trust, which may be another
 * user's when it runs as root.
 */
final class Hardening {
    private Hardening() {
    }

    static void apply() {
        if (ObjectInputFilter.Config.getSerialFilter() == null)
            ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter(JmxSerialFilter.PATTERN));
        if (isRoot() && System.getProperty("jna.tmpdir") == null) privateJnaDirectory();
    }

    /**
     * JNA unpacks its native library into a cache directory chosen from the environment
     * (XDG_CACHE_HOME), which may be another user's; as root the command line gives it a fresh one
     * of its own (0700), removed at exit.
     */
    private static void privateJnaDirectory() {
        try {
            Path dir = Files.createTempDirectory("jpsutil-cli-jna-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            System.setProperty("jna.tmpdir", dir.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> removeTree(dir), "jpsutil-cli-cleanup"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a private directory for JNA's native library: " + e.getMessage(), e);
        }
    }

    private static void removeTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit: a directory only root can enter
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0"); // the effective uid
        } catch (IOException e) {
            // not Linux: jpsutil's library refuses to run there anyway
        }
        return false;
    }
}
