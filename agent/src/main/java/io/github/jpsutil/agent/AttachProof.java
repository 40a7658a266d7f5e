package io.github.jpsutil.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random secret that only those who may attach to the host can read: it lies in a file that
 * the agent creates (mode 0600), opens and deletes at once, so that it is left only as an open
 * descriptor of the host, {@code /proc/PID/fd/N}, which the kernel opens for the host's own user
 * and root alone. The command line reads it there and hands it back with a load that loosens the
 * agent's options or opens a connector; a JMX user who loads the agent through the JDK's
 * DiagnosticCommand cannot.
 */
public final class AttachProof {
    /** What the descriptor's link shows, so that the command line can find it. */
    public static final String FILE_PREFIX = "jpsutil-attach-proof-";
    private static String secret;
    private static FileChannel held; // keeps the deleted file, and so the descriptor, alive

    private AttachProof() {
    }

    /** Creates the secret once per JVM; false when that failed (then nothing can loosen the options). */
    static synchronized boolean ensure() {
        if (secret != null) return true;
        try {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String hex = HexFormat.of().formatHex(random);
            Path file = Files.createTempFile(FILE_PREFIX, ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(file, hex, StandardCharsets.US_ASCII);
                held = FileChannel.open(file, StandardOpenOption.READ);
            } finally {
                Files.deleteIfExists(file);
            }
            held.read(ByteBuffer.allocate(1), 0); // proves it reads; the channel stays open
            secret = hex;
            return true;
        } catch (IOException | RuntimeException e) {
            Log.line("cannot create the attach proof (" + e + "); options can only be tightened from now on");
            return false;
        }
    }

    /** Whether {@code given} is the secret, compared in constant time. */
    static synchronized boolean matches(String given) {
        return secret != null && given != null && MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}
