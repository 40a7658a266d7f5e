package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.nio.ByteOrder;

import static io.github.jpsutil.linux.ProcConnector.EVENT;
import static io.github.jpsutil.linux.ProcConnector.EV_EXEC;
import static io.github.jpsutil.linux.ProcConnector.EV_EXIT;
import static io.github.jpsutil.linux.ProcConnector.EV_FORK;
import static io.github.jpsutil.linux.ProcConnector.EV_NONE;

/** The process events connector's socket filter, run by the kernel (see {@link #attach}). */
final class ProcEventsFilter {
    private static final int SOL_SOCKET = 1, SO_ATTACH_FILTER = 26;

    private ProcEventsFilter() {
    }

    /**
     * A classic BPF program run by the kernel on each event before it is queued: only the
     * subscription's acknowledgement and, with {@code execs}, the execs, else the forks and exits
     * of whole processes reach this socket. The threads that every JVM on a busy machine starts and
     * ends, and the kinds not reported, would otherwise each cost a wake-up and a native call here.
     */
    static void attach(Native.LibC c, int fd, boolean execs) {
        final int ld = 0x20, jeq = 0x15, jeqX = 0x1d, tax = 0x07, ret = 0x06, accept = 0x40000, drop = 0;
        final int d = EVENT + 16;
        int[][] prog = { // {code, jt, jf, k}; jumps count the instructions skipped
                {ld, 0, 0, EVENT},                 // 0: what
                {jeq, execs ? 12 : 3, 0, be(EV_FORK)},   // 1: fork -> drop, or 5
                {jeq, execs ? 11 : 6, 0, be(EV_EXIT)},   // 2: exit -> drop, or 9
                {jeq, execs ? 9 : 10, 0, be(EV_EXEC)},   // 3: exec -> accept, or drop
                {jeq, 8, 9, be(EV_NONE)},          // 4: acknowledgement -> accept, else drop
                {ld, 0, 0, d + 8},                 // 5: fork: child pid
                {tax, 0, 0, 0},
                {ld, 0, 0, d + 12},                // 7: child tgid
                {jeqX, 4, 5, 0},                   // 8: a new process, not a thread
                {ld, 0, 0, d},                     // 9: exit: pid
                {tax, 0, 0, 0},
                {ld, 0, 0, d + 4},                 // 11: tgid
                {jeqX, 0, 1, 0},                   // 12: the process, not one of its threads
                {ret, 0, 0, accept},               // 13
                {ret, 0, 0, drop}};                // 14
        int pointer = com.sun.jna.Native.POINTER_SIZE; // struct sock_fprog: a short, then the pointer, aligned
        try (Memory code = new Memory(8L * prog.length); Memory fprog = new Memory(2L * pointer)) {
            for (int i = 0; i < prog.length; i++) {
                code.setShort(8L * i, (short) prog[i][0]);
                code.setByte(8L * i + 2, (byte) prog[i][1]);
                code.setByte(8L * i + 3, (byte) prog[i][2]);
                code.setInt(8L * i + 4, prog[i][3]);
            }
            fprog.clear();
            fprog.setShort(0, (short) prog.length);
            fprog.setPointer(pointer, code);
            c.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, (int) fprog.size());
        } catch (LastErrorException e) {
            // without the filter every event reaches next(), which drops what it does not report
        }
    }

    /** A constant as a BPF absolute load sees the field: in network byte order. */
    private static int be(int nativeValue) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(nativeValue) : nativeValue;
    }
}
