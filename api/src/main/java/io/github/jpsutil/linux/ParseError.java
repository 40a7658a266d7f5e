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
        int n = end - start;
        if (n > 0 && n <= 18) {
            long v = 0;
            int i = start;
            for (; i < end; i++) {
                int d = text.charAt(i) - '0';
                if (d < 0 || d > 9) break;
                v = v * 10 + d;
            }
            if (i == end) return v;
        }
        return parseLong(what, number < 0 ? field : field + number, text.substring(start, end));
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
