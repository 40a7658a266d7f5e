package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.ProcessEvent;
import io.github.jpsutil.ProcessEventStream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The kernel's process events connector: a netlink socket subscribed to the CN_IDX_PROC group.
 * Whether this process may listen is asked of the kernel, never assumed: the subscription is
 * acknowledged by an event that carries the kernel's verdict (before 6.6, or outside the initial
 * namespaces, only CAP_NET_ADMIN is admitted). The reading thread sleeps in poll(2) on the socket
 * and on an eventfd that {@link #close()} signals, so it wakes only for events (never to look at
 * a stop flag), and takes every datagram queued by then in one recvmmsg(2).
 */
final class ProcConnector implements ProcessEventStream {
    private static final int AF_NETLINK = 16, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000, NETLINK_CONNECTOR = 11;
    private static final int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_ATTACH_FILTER = 26, SO_RCVBUFFORCE = 33;
    private static final int CN_IDX_PROC = 1, CN_VAL_PROC = 1, NLMSG_DONE = 3, MSG_DONTWAIT = 0x40;
    private static final int PROC_CN_MCAST_LISTEN = 1, PROC_CN_MCAST_IGNORE = 2;
    /** Event codes of linux/cn_proc.h. */
    static final int EV_NONE = 0, EV_FORK = 1, EV_EXEC = 2, EV_EXIT = 0x80000000;
    /** nlmsghdr (16 bytes), then cn_msg (20), then proc_event. */
    static final int CN_MSG = 16, EVENT = 36;
    /** Room for the bursts of a busy machine while the reader is busy (the kernel doubles it). */
    private static final int RECEIVE_BUFFER = 4 << 20;
    private static final long ACK_WAIT_NANOS = 2_000_000_000L;
    /** Datagrams taken by one recvmmsg, and the room for each (a process event is 76 bytes). */
    static final int BATCH = 32, SLOT = 128;
    /**
     * struct msghdr is seven pointer-sized fields; struct mmsghdr adds msg_len, padded; struct iovec
     * is two. Per instance: JNA is asked only once open() knows that it loads.
     */
    private final int pointer = com.sun.jna.Native.POINTER_SIZE, mmsghdr = 8 * pointer, msgLen = 7 * pointer, iovec = 2 * pointer;

    private final Native.LibC c;
    private final int fd;
    private final int wakeFd;
    private final Memory slots = new Memory((long) BATCH * SLOT);
    private final ByteBuffer datagrams = slots.getByteBuffer(0, slots.size()).order(ByteOrder.nativeOrder());
    private final Memory headers = new Memory((long) BATCH * (mmsghdr + iovec));
    private final Memory pollFds;
    private final ArrayDeque<ProcessEvent> pending = new ArrayDeque<>();
    private final Object lock = new Object();
    /** Under lock: a thread is in next() or drainTo() (so close() wakes it and it releases the socket). */
    private boolean reading, closed;

    private ProcConnector(Native.LibC c, int fd, int wakeFd) {
        this.c = c;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.pollFds = Native.pollFds(new int[]{fd, wakeFd});
        headers.clear();
        for (int i = 0; i < BATCH; i++) { // each mmsghdr points at its own iovec, each iovec at its own slot
            long iov = (long) BATCH * mmsghdr + (long) i * iovec;
            headers.setPointer(iov, slots.share((long) i * SLOT));
            setSize(headers, iov + pointer, SLOT);
            headers.setPointer((long) i * mmsghdr + 2L * pointer, headers.share(iov));
            setSize(headers, (long) i * mmsghdr + 3L * pointer, 1);
        }
    }

    private void setSize(Memory m, long offset, long value) {
        if (pointer == 8) m.setLong(offset, value);
        else m.setInt(offset, (int) value);
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
        ProcConnector pc;
        try {
            pc = new ProcConnector(c, fd, Native.eventFd());
        } catch (RuntimeException e) {
            closeFd(c, fd);
            throw e;
        }
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
        // struct sock_fprog: a short, then the pointer, aligned
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
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (!Native.pollReadable(fd, (int) Math.max(1, left / 1_000_000))) continue;
            int n = receive();
            for (int i = 0; i < n; i++) {
                ByteBuffer m = datagram(i);
                if (m.limit() < EVENT + 20 || m.getInt(EVENT) != EV_NONE || m.getInt(CN_MSG + 12) != expected) continue;
                int err = m.getInt(EVENT + 16);
                if (err != 0) throw new JpsutilException("the kernel refused the process events connector: " + Errno.name(err));
                return;
            }
        }
        throw new JpsutilException("the kernel did not acknowledge the subscription to the process events connector within 2 s");
    }

    /**
     * Takes the datagrams queued now (after the filter), without waiting, into the slots: how many
     * (0 when none); -1 when the kernel dropped some because the socket overflowed.
     */
    int receive() {
        int n;
        try {
            n = Native.recvmmsg(fd, headers, BATCH, MSG_DONTWAIT);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) return 0;
            if (errno == Errno.ENOBUFS) return -1;
            throw new JpsutilException("reading the process events connector: " + Errno.name(errno), e);
        }
        return n;
    }

    /** The i-th datagram of the last {@link #receive()}, as its own buffer. */
    ByteBuffer datagram(int i) {
        return slots.getByteBuffer((long) i * SLOT, length(i)).order(ByteOrder.nativeOrder());
    }

    private int length(int i) {
        return Math.min(SLOT, headers.getInt((long) i * mmsghdr + msgLen));
    }

    /** Adds what the kernel has queued to the pending events; false when nothing was there. */
    private boolean fill() {
        boolean any = false;
        int n;
        do {
            n = receive();
            if (n < 0) pending.add(new ProcessEvent(ProcessEvent.Kind.LOST, 0, 0, 0, 0));
            for (int i = 0; i < n; i++) {
                ProcessEvent e = parse(datagrams, i * SLOT, length(i));
                if (e != null) pending.add(e); // else a kind not reported: the filter lets acknowledgements through
            }
            any |= n != 0;
        } while (n == BATCH || n < 0);
        return any;
    }

    @Override
    public ProcessEvent next() {
        return next(-1);
    }

    @Override
    public ProcessEvent next(Duration timeout) {
        long millis = timeout.toNanos() <= 0 ? 0 : Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toNanos() + 999_999) / 1_000_000));
        return next((int) millis);
    }

    /** Waits up to timeoutMillis (-1: for ever) for an event. */
    private ProcessEvent next(int timeoutMillis) {
        if (!beginRead()) return null;
        try {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (pending.isEmpty()) {
                int wait = timeoutMillis < 0 ? -1 : (int) Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
                Native.poll(pollFds, 2, wait);
                if (Native.polledReady(pollFds, 1)) return null; // closed
                if (!fill() && wait == 0) return null;
            }
            return pending.poll();
        } finally {
            endRead();
        }
    }

    @Override
    public int drainTo(Collection<? super ProcessEvent> sink) {
        if (!beginRead()) return 0;
        try {
            int n = pending.size();
            sink.addAll(pending);
            pending.clear();
            return n;
        } finally {
            endRead();
        }
    }

    private boolean beginRead() {
        synchronized (lock) {
            if (closed) return false;
            if (reading) throw new IllegalStateException("the process event stream is read by one thread at a time");
            reading = true;
            return true;
        }
    }

    /** The reader leaves: it releases the socket when close() came meanwhile. */
    private void endRead() {
        synchronized (lock) {
            reading = false;
            if (!closed) return;
        }
        release();
    }

    /** The process-level event in one datagram; null for threads and for the kinds not reported. */
    static ProcessEvent parse(ByteBuffer m, int at, int length) {
        if (length < EVENT + 16 + 8) return null;
        int what = m.getInt(at + EVENT);
        long nanos = m.getLong(at + EVENT + 8);
        int d = at + EVENT + 16;
        switch (what) {
            case EV_FORK -> {
                int parentTgid = m.getInt(d + 4), childPid = m.getInt(d + 8), childTgid = m.getInt(d + 12);
                return childPid != childTgid ? null : new ProcessEvent(ProcessEvent.Kind.FORK, childPid, parentTgid, 0, nanos);
            }
            case EV_EXEC -> {
                return new ProcessEvent(ProcessEvent.Kind.EXEC, m.getInt(d + 4), 0, 0, nanos);
            }
            case EV_EXIT -> {
                if (length < EVENT + 16 + 24) return null;
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

    /** Ends the subscription; from another thread, wakes the reader, which then releases the socket. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            if (reading) {
                Native.signalEventFd(wakeFd);
                return;
            }
        }
        release();
    }

    private void release() {
        try {
            send(PROC_CN_MCAST_IGNORE, 0);
        } catch (RuntimeException e) {
            // closing the socket ends the subscription anyway
        }
        closeFd(c, fd);
        closeFd(c, wakeFd);
        pollFds.close();
        headers.close();
        slots.close();
    }

    private static void closeFd(Native.LibC c, int fd) {
        try {
            c.close(fd);
        } catch (LastErrorException e) {
            // nothing left to release
        }
    }

    private static JpsutilException refused(String step, LastErrorException e) {
        int errno = e.getErrorCode();
        String why = errno == Errno.EPERM || errno == Errno.EACCES
                ? " (this kernel admits only CAP_NET_ADMIN in the initial namespaces)" : "";
        return new JpsutilException("the process events connector is refused at " + step + ": " + Errno.name(errno) + why, e);
    }
}
