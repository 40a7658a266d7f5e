package io.github.jpsutil;

import java.util.Locale;

/** I/O scheduling classes of ioprio_set(2) (psutil's {@code IOPRIO_CLASS_*}). */
public enum IoClass {
    NONE(0), RT(1), BE(2), IDLE(3);

    private final int code;

    IoClass(int code) {
        this.code = code;
    }

    /** The lower-case name ("none", "rt", "be", "idle"), as {@link #parse} takes it and the MBeans show it. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kernel's number for this class. */
    public int code() {
        return code;
    }

    public static IoClass fromCode(int code) {
        for (IoClass c : values()) if (c.code == code) return c;
        throw new IllegalArgumentException("unknown I/O priority class " + code + " (expected 0-3)");
    }

    /** Parses "none", "rt", "be", "idle" (any case, with or without the IOPRIO_CLASS_ prefix) or 0-3. */
    public static IoClass parse(String text) {
        if (text == null || text.isBlank())
            throw new IllegalArgumentException("I/O class is empty (expected none, rt, be, idle or 0-3)");
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("IOPRIO_CLASS_")) t = t.substring("IOPRIO_CLASS_".length());
        for (IoClass c : values()) if (c.name().equals(t)) return c;
        if (t.matches("[0-3]")) return fromCode(Integer.parseInt(t));
        throw new IllegalArgumentException("unknown I/O class '" + text + "' (expected none, rt, be, idle or 0-3)");
    }
}
