package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;

/** Text from the kernel that does not have the expected format. */
final class ParseError extends JpsutilException {
    private static final long serialVersionUID = 1L;

    ParseError(String what, String detail) {
        super("malformed " + what + ": " + detail);
    }

    /** Parses a decimal long, naming the format on failure instead of letting NumberFormatException out. */
    static long parseLong(String what, String field, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ParseError(what, field + " is not a number: '" + abbreviate(text) + "'");
        }
    }

    /**
     * {@link #parseLong(String, String, String)} of {@code text[start, end)}, the field named
     * {@code field + number} (or {@code field} alone for a negative number). Plain digits, the
     * kernel's own form, are read in place; anything else goes through Long.parseLong.
     */
    static long parseLong(String what, String field, int number, String text, int start, int end) {
        long v = plainDigits(text, start, end);
        return v >= 0 ? v : parseLong(what, number < 0 ? field : field + number, text.substring(start, end));
    }

    /** The value of {@code text[start, end)} when it is 1 to 18 plain digits, else -1. */
    static long plainDigits(String text, int start, int end) {
        if (end - start <= 0 || end - start > 18) return -1;
        long v = 0;
        for (int i = start; i < end; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /** {@link #parseLong(String, String, int, String, int, int)} of the bytes {@code b[start, end)} of a UTF-8 text. */
    static long parseLong(String what, String field, int number, byte[] b, int start, int end) {
        long v = plainDigits(b, start, end);
        return v >= 0 ? v : parseLong(what, number < 0 ? field : field + number, text(b, start, end));
    }

    /** The value of {@code b[start, end)} when it is 1 to 18 plain ASCII digits, else -1. */
    static long plainDigits(byte[] b, int start, int end) {
        if (end - start <= 0 || end - start > 18) return -1;
        long v = 0;
        for (int i = start; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /** {@code b[start, end)} decoded as UTF-8. */
    static String text(byte[] b, int start, int end) {
        return new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
