package io.github.jpsutil.linux;

import io.github.jpsutil.User;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure parser of utmp records (glibc's {@code struct utmp} on Linux, 384 bytes, the same on 32-
 * and 64-bit x86 and ARM): the user processes, as psutil's users() lists them.
 */
public final class Utmp {
    static final int RECORD = 384;
    private static final int USER_PROCESS = 7;

    private Utmp() {
    }

    /**
     * The utmp file beside a proc root: /run/utmp for /proc (then /var/run/utmp), and dir/run/utmp
     * for a tree at dir/proc. No file: nobody logged in, as psutil finds it.
     */
    static List<User> read(java.nio.file.Path procRoot) {
        java.nio.file.Path root = procRoot.toAbsolutePath().getParent();
        for (String name : new String[]{"run/utmp", "var/run/utmp"}) {
            java.nio.file.Path p = root.resolve(name);
            try {
                return parse(java.nio.file.Files.readAllBytes(p));
            } catch (java.nio.file.NoSuchFileException e) {
                // try the next place
            } catch (java.io.IOException e) {
                throw new io.github.jpsutil.JpsutilException("cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        return List.of();
    }

    public static List<User> parse(byte[] data) {
        if (data.length % RECORD != 0)
            throw new ParseError("utmp", data.length + " bytes is not a whole number of " + RECORD + "-byte records");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<User> out = new ArrayList<>();
        for (int at = 0; at < data.length; at += RECORD) {
            if (b.getShort(at) != USER_PROCESS) continue;
            long pid = b.getInt(at + 4);
            String line = string(data, at + 8, 32);
            String user = string(data, at + 44, 32);
            String host = string(data, at + 76, 256);
            long sec = b.getInt(at + 340) & 0xffffffffL;
            long usec = b.getInt(at + 344);
            // psutil names a login on the local X display "localhost"
            if (host.equals(":0") || host.equals(":0.0")) host = "localhost";
            out.add(new User(user, line, host, sec + usec / 1e6, pid));
        }
        return out;
    }

    /** A NUL-padded field. */
    private static String string(byte[] d, int from, int max) {
        int end = from;
        while (end < from + max && d[end] != 0) end++;
        return new String(d, from, end - from, StandardCharsets.UTF_8);
    }
}
