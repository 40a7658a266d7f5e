package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.ProcessEvent;
import io.github.jpsutil.ProcessEventStream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The kernel's process events connector: a netlink socket subscribed to the CN_IDX_PROC group.
 * Whether this process may listen is asked of the kernel, never assumed: the subscription is
 * acknowledged by an event that carries the kernel's verdict (before 6.6, or outside the initial
 * namespaces, only CAP_NET_ADMIN is admitted).
 */
final class ProcConnector implements ProcessEventStream {
    private static final int AF_NETLINK = 16, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000, NETLINK_CONNECTOR = 11;
    private static final int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_RCVTIMEO = 20, SO_ATTACH_FILTER = 26, SO_RCVBUFFORCE = 33;
    private static final int CN_IDX_PROC = 1, CN_VAL_PROC = 1, NLMSG_DONE = 3;
    private static final int PROC_CN_MCAST_LISTEN = 1, PROC_CN_MCAST_IGNORE = 2;
    /** Event codes of linux/cn_proc.h. */
    static final int EV_NONE = 0, EV_FORK = 1, EV_EXEC = 2, EV_EXIT = 0x80000000;
    /** nlmsghdr (16 bytes), then cn_msg (20), then proc_event. */
    static final int CN_MSG = 16, EVENT = 36;
    /** Room for the bursts of a busy machine while the reader is busy (the kernel doubles it). */
    private static final int RECEIVE_BUFFER = 4 << 20;
    private static final long ACK_WAIT_NANOS = 2_000_000_000L;

    private final Native.LibC c;
    private final int fd;
    private final Memory buf = new Memory(4096);
    private final NativeLong bufSize = new NativeLong(buf.size());
    private boolean closed;

    private ProcConnector(Native.LibC c, int fd) {
        this.c = c;
        this.fd = fd;
    }

    /** Subscribes, or fails with the kernel's reason. */
    static ProcConnector open() {
        Native.LibC c = Native.libc("the process events connector");
        int fd;
        try {
            fd = c.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
        } catch (LastErrorException e) {
            throw refused("socket", e);
        }
        ProcConnector pc = new ProcConnector(c, fd);
        try {
            pc.subscribe();
            return pc;
        } catch (RuntimeException e) {
            pc.close();
            throw e;
        }
    }

    private void subscribe() {
        try (Memory v = new Memory(16)) {
            v.setInt(0, RECEIVE_BUFFER);
            try {
                c.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, v, 4); // beyond rmem_max: CAP_NET_ADMIN only
            } catch (LastErrorException e) {
                c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, v, 4);
            }
            v.setLong(0, 0);
            v.setLong(8, 250_000); // struct timeval: next() returns null after a quarter second
            c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, v, 16);
        } catch (LastErrorException e) {
            throw refused("setsockopt", e);
        }
        attachFilter();
        try (Memory addr = new Memory(12)) { // sockaddr_nl: family, pad, port id (0: the kernel's choice), groups
            addr.clear();
            addr.setShort(0, (short) AF_NETLINK);
            addr.setInt(8, CN_IDX_PROC);
            c.bind(fd, addr, 12);
        } catch (LastErrorException e) {
            throw refused("joining the proc events group", e);
        }
        int ack = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE - 1);
        send(PROC_CN_MCAST_LISTEN, ack);
        awaitAck(ack + 1);
    }

    /**
     * A classic BPF program run by the kernel on each event before it is queued: only fork, exec
     * and exit of whole processes (and the subscription's acknowledgement) reach this socket. The
     * threads that every JVM on a busy machine starts and ends, and the kinds not reported, would
     * otherwise each cost a wake-up and a native call here.
     */
    private void attachFilter() {
        final int ld = 0x20, jeq = 0x15, jeqX = 0x1d, tax = 0x07, ret = 0x06, accept = 0x40000, drop = 0;
        final int d = EVENT + 16;
        int[][] prog = { // {code, jt, jf, k}; jumps count the instructions skipped
                {ld, 0, 0, EVENT},                 // 0: what
                {jeq, 3, 0, be(EV_FORK)},          // 1: fork -> 5
                {jeq, 6, 0, be(EV_EXIT)},          // 2: exit -> 9
                {jeq, 9, 0, be(EV_EXEC)},          // 3: exec -> accept
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

    private void send(int op, int ack) {
        try (Memory m = new Memory(CN_MSG + 20 + 4)) {
            m.clear();
            m.setInt(0, (int) m.size());
            m.setShort(4, (short) NLMSG_DONE);
            m.setInt(CN_MSG, CN_IDX_PROC);
            m.setInt(CN_MSG + 4, CN_VAL_PROC);
            m.setInt(CN_MSG + 12, ack);
            m.setShort(CN_MSG + 16, (short) 4);
            m.setInt(CN_MSG + 20, op);
            c.send(fd, m, new NativeLong(m.size()), 0);
        } catch (LastErrorException e) {
            throw refused("subscribing", e);
        }
    }

    /** The kernel answers a subscription with an event of kind none that carries its errno. */
    private void awaitAck(int expected) {
        long deadline = System.nanoTime() + ACK_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            ByteBuffer m = receive();
            if (m == null || m.limit() < EVENT + 20) continue;
            if (m.getInt(EVENT) == EV_NONE && m.getInt(CN_MSG + 12) == expected) {
                int err = m.getInt(EVENT + 16);
                if (err != 0) throw new JpsutilException("the kernel refused the process events connector: " + Errno.name(err));
                return;
            }
        }
        throw new JpsutilException("the kernel did not acknowledge the subscription to the process events connector within 2 s");
    }

    /** One datagram as the kernel queued it (after the filter), or null when none came within the receive timeout. */
    ByteBuffer receive() {
        int n;
        try {
            n = c.recv(fd, buf, bufSize, 0).intValue();
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) return null;
            if (errno == Errno.ENOBUFS) return ByteBuffer.allocate(0); // overrun: see next()
            throw new JpsutilException("reading the process events connector: " + Errno.name(errno), e);
        }
        return buf.getByteBuffer(0, n).order(ByteOrder.nativeOrder());
    }

    @Override
    public ProcessEvent next() {
        if (closed) throw new IllegalStateException("the process event stream is closed");
        while (true) {
            ByteBuffer m = receive();
            if (m == null) return null;
            if (m.limit() == 0) return new ProcessEvent(ProcessEvent.Kind.LOST, 0, 0, 0, 0);
            ProcessEvent e = parse(m);
            if (e != null) return e; // else a thread's event, or a kind not reported: on to the next
        }
    }

    /** The process-level event in one message; null for threads and for the kinds not reported. */
    static ProcessEvent parse(ByteBuffer m) {
        if (m.limit() < EVENT + 16 + 8) return null;
        int what = m.getInt(EVENT);
        long nanos = m.getLong(EVENT + 8);
        int d = EVENT + 16;
        switch (what) {
            case EV_FORK -> {
                int parentTgid = m.getInt(d + 4), childPid = m.getInt(d + 8), childTgid = m.getInt(d + 12);
                return childPid != childTgid ? null : new ProcessEvent(ProcessEvent.Kind.FORK, childPid, parentTgid, 0, nanos);
            }
            case EV_EXEC -> {
                return new ProcessEvent(ProcessEvent.Kind.EXEC, m.getInt(d + 4), 0, 0, nanos);
            }
            case EV_EXIT -> {
                if (m.limit() < d + 24) return null;
                int pid = m.getInt(d), tgid = m.getInt(d + 4), code = m.getInt(d + 8), parentTgid = m.getInt(d + 20);
                return pid != tgid ? null : new ProcessEvent(ProcessEvent.Kind.EXIT, pid, parentTgid, exitStatus(code), nanos);
            }
            default -> {
                return null;
            }
        }
    }

    /** A wait status in psutil's form: the exit code, or minus the signal that ended the process. */
    static int exitStatus(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : -signal;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            send(PROC_CN_MCAST_IGNORE, 0);
        } catch (RuntimeException e) {
            // closing the socket ends the subscription anyway
        }
        try {
            c.close(fd);
        } catch (LastErrorException e) {
            // nothing left to release
        }
        buf.close();
    }

    private static JpsutilException refused(String step, LastErrorException e) {
        int errno = e.getErrorCode();
        String why = errno == Errno.EPERM || errno == Errno.EACCES
                ? " (this kernel admits only CAP_NET_ADMIN in the initial namespaces)" : "";
        return new JpsutilException("the process events connector is refused at " + step + ": " + Errno.name(errno) + why, e);
    }
}
