package io.github.jpsutil.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The ELF auxiliary vector ({@code /proc/self/auxv}): where the kernel tells a process its page size and clock rate. */
final class Auxv {
    public static final int AT_PAGESZ = 6;
    public static final int AT_CLKTCK = 17;

    private Auxv() {
    }

    /**
     * The value of {@code type} in an auxv image of native-endian (type, value) word pairs,
     * {@code wordSize} 8 on 64-bit and 4 on 32-bit; -1 when absent.
     */
    public static long find(byte[] auxv, int type, int wordSize) {
        ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 2 * wordSize) {
            long key = wordSize == 8 ? b.getLong() : b.getInt() & 0xffffffffL;
            long value = wordSize == 8 ? b.getLong() : b.getInt() & 0xffffffffL;
            if (key == 0) break;
            if (key == type) return value;
        }
        return -1;
    }
}
