package io.github.jpsutil.linux;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searching and comparing the bytes of the kernel's text files in place, where a parser would
 * otherwise decode them to a String first. Only ASCII is looked for: a byte of a multi-byte UTF-8
 * character is never an ASCII one, so positions found here are those a String would give.
 */
final class AsciiBytes {
    private AsciiBytes() {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The first {@code c} (ASCII) in {@code b[from, to)}, or -1. Eight bytes at a time: a status
     * file is 1.4 KB, searched line by line for every process.
     */
    static int indexOf(byte[] b, int from, int to, char c) {
        long pattern = ONES * c;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ pattern; // a zero byte where b has c
            long zeros = (x - ONES) & ~x & HIGHS; // the lowest set bit marks the first zero byte
            if (zeros != 0) return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
        }
        for (; i < to; i++) if (b[i] == c) return i;
        return -1;
    }

    /** What String.trim() removes: ASCII controls and space. */
    static boolean isBlank(byte c) {
        return c >= 0 && c <= ' ';
    }

    /** Whether {@code b[at, to)} starts with the ASCII {@code s}. */
    static boolean startsWith(byte[] b, int at, int to, String s) {
        if (to - at < s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (b[at + i] != s.charAt(i)) return false;
        return true;
    }

    /** Whether {@code b[from, to)} is the ASCII {@code s}. */
    static boolean equals(byte[] b, int from, int to, String s) {
        return to - from == s.length() && startsWith(b, from, to, s);
    }
}
