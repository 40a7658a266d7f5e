package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.ProcessEvent;
import io.github.jpsutil.ProcessEventStream;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The kernel's process events connector: netlink sockets subscribed to the CN_IDX_PROC group.
 * Whether this process may listen is asked of the kernel, never assumed: the subscription is
 * acknowledged by an event that carries the kernel's verdict (before 6.6, or outside the initial
 * namespaces, only CAP_NET_ADMIN is admitted). The reading thread sleeps in poll(2) on the sockets
 * and on an eventfd that {@link #close()} signals, so it wakes only for events (never to look at
 * a stop flag), and takes every datagram queued by then with one recvmmsg(2) per socket.
 * <p>Two sockets, each with a filter in the kernel: one for execs, which wake the reader at once
 * (a new program's name and command line are there to read only while it runs), one for forks and
 * exits, which after it was read is left alone for {@link #LIVES_DELAY_MILLIS}: forks and exits,
 * the host's and the whole machine's, then cost no wake-up of their own while processes come and
 * go. At each exec the other socket is read too, after it, so a process' fork (queued before its
 * exec) comes first; the events of the two are merged by the kernel's timestamps. One order is not
 * kept: an exec queued in the microseconds between the two reads, with the same process' exit
 * before the second, comes after that exit.
 */
final class ProcConnector implements ProcessEventStream {
    private static final int AF_NETLINK = 16, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000, NETLINK_CONNECTOR = 11;
    private static final int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_RCVBUFFORCE = 33;
    private static final int CN_IDX_PROC = 1, CN_VAL_PROC = 1, NLMSG_DONE = 3;
    private static final int PROC_CN_MCAST_LISTEN = 1, PROC_CN_MCAST_IGNORE = 2;
    /** Event codes of linux/cn_proc.h. */
    static final int EV_NONE = 0, EV_FORK = 1, EV_EXEC = 2, EV_EXIT = 0x80000000;
    /** nlmsghdr (16 bytes), then cn_msg (20), then proc_event. */
    static final int CN_MSG = 16, EVENT = 36;
    /** Room for the bursts of a busy machine while the reader is busy (the kernel doubles it). */
    private static final int RECEIVE_BUFFER = 4 << 20;
    private static final long ACK_WAIT_NANOS = 2_000_000_000L;
    /** How long forks and exits may wait after their socket was read (the most this delays an exit). */
    static final long LIVES_DELAY_MILLIS = 10;
    private static final int EXECS = 0, LIVES = 1, WAKE = 2;

    private final Native.LibC c;
    private final int execFd, livesFd, wakeFd;
    private final DatagramBatch batch = new DatagramBatch();
    /** poll(2)'s array: execs, forks and exits (-1 while left alone), the eventfd. */
    private final Memory pollFds;
    private boolean livesResting;
    private long livesDueAt;
    private final ArrayDeque<ProcessEvent> pending = new ArrayDeque<>();
    private final List<ProcessEvent> execs = new ArrayList<>(), lives = new ArrayList<>();
    private final Object lock = new Object();
    /** Under lock: a thread is in next() or drainTo() (so close() wakes it and it releases the sockets). */
    private boolean reading, closed;

    private ProcConnector(Native.LibC c, int execFd, int livesFd, int wakeFd) {
        this.c = c;
        this.execFd = execFd;
        this.livesFd = livesFd;
        this.wakeFd = wakeFd;
        this.pollFds = Native.pollFds(new int[]{execFd, livesFd, wakeFd});
    }

    /** Subscribes, or fails with the kernel's reason. */
    static ProcConnector open() {
        Native.LibC c = Native.libc("the process events connector");
        int livesFd = socket(c, -1);
        int execFd = socket(c, livesFd);
        ProcConnector pc;
        try {
            pc = new ProcConnector(c, execFd, livesFd, Native.eventFd());
        } catch (RuntimeException e) {
            closeFd(c, execFd);
            closeFd(c, livesFd);
            throw e;
        }
        try {
            pc.subscribe(livesFd, false); // first: an exec seen has its fork on that socket, or before the events began
            pc.subscribe(execFd, true);
            return pc;
        } catch (RuntimeException e) {
            pc.close();
            throw e;
        }
    }

    private static int socket(Native.LibC c, int other) {
        try {
            return c.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
        } catch (LastErrorException e) {
            if (other >= 0) closeFd(c, other);
            throw refused("socket", e);
        }
    }

    private void subscribe(int fd, boolean execs) {
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
        ProcEventsFilter.attach(c, fd, execs);
        try (Memory addr = new Memory(12)) { // sockaddr_nl: family, pad, port id (0: the kernel's choice), groups
            addr.clear();
            addr.setShort(0, (short) AF_NETLINK);
            addr.setInt(8, CN_IDX_PROC);
            c.bind(fd, addr, 12);
        } catch (LastErrorException e) {
            throw refused("joining the proc events group", e);
        }
        int ack = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE - 1);
        send(fd, PROC_CN_MCAST_LISTEN, ack);
        awaitAck(fd, ack + 1);
    }

    private void send(int fd, int op, int ack) {
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
    private void awaitAck(int fd, int expected) {
        long deadline = System.nanoTime() + ACK_WAIT_NANOS;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (!Native.pollReadable(fd, (int) Math.max(1, left / 1_000_000))) continue;
            int n = receive(fd);
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

    /** Takes the datagrams queued now on a socket (after its filter), without waiting: see {@link DatagramBatch#receive}. */
    int receive(int fd) {
        try {
            return batch.receive(fd);
        } catch (LastErrorException e) {
            throw new JpsutilException("reading the process events connector: " + Errno.name(e.getErrorCode()), e);
        }
    }

    /** The forks and exits queued now (for tests of the filter): see {@link #receive(int)}. */
    int receiveForksAndExits() {
        return receive(livesFd);
    }

    /** The i-th datagram of the last receive, as its own buffer. */
    ByteBuffer datagram(int i) {
        return batch.datagram(i);
    }

    /** Adds what a socket has queued to {@code into}, in its order. */
    private void drain(int fd, List<ProcessEvent> into) {
        int n;
        do {
            n = receive(fd);
            if (n < 0) into.add(new ProcessEvent(ProcessEvent.Kind.LOST, 0, 0, 0, 0));
            for (int i = 0; i < n; i++) {
                ProcessEvent e = ProcEventParser.parse(batch.view(), DatagramBatch.offset(i), batch.length(i));
                if (e != null) into.add(e); // else a kind not reported: the filters let acknowledgements through
            }
        } while (n == DatagramBatch.BATCH || n < 0);
    }

    /**
     * After a wake-up: the execs, then the forks and exits when they are due or an exec came (its
     * fork was queued before it), both merged by time into the pending events.
     */
    private void fill(boolean execsReady, boolean livesReady) {
        if (execsReady) drain(execFd, execs);
        if (livesReady || !execs.isEmpty()) {
            drain(livesFd, lives);
            livesResting = true; // left alone for a while: poll(2) skips a negative descriptor
            livesDueAt = System.nanoTime() + LIVES_DELAY_MILLIS * 1_000_000;
            pollFds.setInt(8L * LIVES, -1);
        }
        int i = 0, j = 0;
        while (i < execs.size() || j < lives.size()) {
            boolean exec = j == lives.size() || i < execs.size() && execs.get(i).nanos() < lives.get(j).nanos();
            pending.add(exec ? execs.get(i++) : lives.get(j++));
        }
        execs.clear();
        lives.clear();
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
                long now = System.nanoTime();
                if (livesResting && now - livesDueAt >= 0) {
                    livesResting = false;
                    pollFds.setInt(8L * LIVES, livesFd);
                }
                int wait = timeoutMillis < 0 ? -1 : millisUntil(deadline, now);
                if (livesResting) wait = wait < 0 ? millisUntil(livesDueAt, now) : Math.min(wait, millisUntil(livesDueAt, now));
                Native.poll(pollFds, 3, wait);
                if (Native.polledReady(pollFds, WAKE)) return null; // closed
                fill(Native.polledReady(pollFds, EXECS), !livesResting && Native.polledReady(pollFds, LIVES));
                if (pending.isEmpty() && timeoutMillis >= 0 && System.nanoTime() - deadline >= 0) return null;
            }
            return pending.poll();
        } finally {
            endRead();
        }
    }

    private static int millisUntil(long deadline, long now) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (deadline - now + 999_999) / 1_000_000));
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
        for (int fd : new int[]{execFd, livesFd}) {
            try {
                send(fd, PROC_CN_MCAST_IGNORE, 0);
            } catch (RuntimeException e) {
                // closing the socket ends the subscription anyway
            }
            closeFd(c, fd);
        }
        closeFd(c, wakeFd);
        pollFds.close();
        batch.close();
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
