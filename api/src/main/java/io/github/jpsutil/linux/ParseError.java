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

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
