package io.github.jpsutil.linux;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-place byte search the parsers use, against a plain loop, at every start and end. */
class AsciiBytesTest {

    private static int plainIndexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) if (b[i] == c) return i;
        return -1;
    }

    @Test
    void findsTheFirstMatchEightBytesAtATimeAsAPlainLoopDoes() {
        Random r = new Random(12);
        // bytes next to the searched one (borrows between bytes), non-ASCII bytes, NULs
        byte[] alphabet = {'\n', '\n' - 1, '\n' + 1, ':', 0, 1, (byte) 0x80, (byte) 0x8a, (byte) 0xff, 'a', ' '};
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[r.nextInt(40)];
            for (int i = 0; i < b.length; i++) b[i] = alphabet[r.nextInt(r.nextBoolean() ? alphabet.length : 3)];
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    for (char c : new char[] {'\n', ':', 0}) {
                        assertThat(AsciiBytes.indexOf(b, from, to, c)).as("%s in [%d, %d)", (int) c, from, to)
                                .isEqualTo(plainIndexOf(b, from, to, c));
                    }
                }
            }
        }
    }

    @Test
    void comparesAsciiInPlace() {
        byte[] b = "Uid:\t0\nThreads:\t1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(AsciiBytes.startsWith(b, 0, b.length, "Uid")).isTrue();
        assertThat(AsciiBytes.startsWith(b, 0, 2, "Uid")).isFalse();
        assertThat(AsciiBytes.equals(b, 7, 14, "Threads")).isTrue();
        assertThat(AsciiBytes.equals(b, 7, 15, "Threads")).isFalse();
        assertThat(AsciiBytes.isBlank((byte) '\t')).isTrue();
        assertThat(AsciiBytes.isBlank((byte) 0xa0)).isFalse(); // part of a UTF-8 character, not a space
    }
}
