package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.github.jpsutil.JpsutilException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A netlink socket of one protocol (sock_diag, rtnetlink): a request out, the bodies of the
 * kernel's answer messages back. The callers build the requests and parse the bodies, purely.
 */
final class Netlink implements AutoCloseable {
    static final int NETLINK_ROUTE = 0;
    static final int NETLINK_SOCK_DIAG = 4;
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_DUMP = 0x300;
    /** The netlink header: length, type, flags, sequence, port. */
    static final int HEADER = 16;
    private static final int NLM_F_MULTI = 0x2;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW_CLOEXEC = 3 | 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final long RECEIVE_TIMEOUT_SECONDS = 5;

    /** The kernel refused the request, or this JVM cannot ask it (no native access): the caller falls back to files. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        /** The kernel's errno, 0 when there is none. */
        final int errno;

        Refused(String why, int errno) {
            super(why, null, false, false);
            this.errno = errno;
        }
    }

    private final Native.LibC c;
    private final int fd;
    private final Memory buf = new Memory(65536);

    private Netlink(Native.LibC c, int fd) {
        this.c = c;
        this.fd = fd;
    }

    static Netlink open(int protocol) throws Refused {
        Native.LibC c;
        try {
            c = Native.libc("netlink");
        } catch (JpsutilException e) {
            throw new Refused("no native access", 0);
        }
        int fd;
        try {
            fd = c.socket(AF_NETLINK, SOCK_RAW_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw new Refused("socket(AF_NETLINK, " + protocol + ") failed with errno " + e.getErrorCode(), e.getErrorCode());
        }
        // the kernel answers at once; should it not, a reading fails (and falls back) instead of hanging
        try (Memory timeout = new Memory(16)) {
            timeout.setLong(0, RECEIVE_TIMEOUT_SECONDS);
            timeout.setLong(8, 0);
            c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
        } catch (LastErrorException e) {
            c.close(fd);
            throw new Refused("setsockopt(SO_RCVTIMEO) failed with errno " + e.getErrorCode(), e.getErrorCode());
        }
        return new Netlink(c, fd);
    }

    /** One request on a socket of its own. */
    static List<ByteBuffer> ask(int protocol, byte[] request) throws Refused {
        try (Netlink n = open(protocol)) {
            return n.ask(request);
        }
    }

    /**
     * The process' one rtnetlink socket, kept open between requests (a descriptor, close-on-exec):
     * opening one costs as much as a small dump, and the kernel answers a socket that received
     * a large datagram before with one datagram per dump.
     */
    private static Netlink route;

    /** Requests on the kept rtnetlink socket, one at a time; a failure closes it (the next request opens another). */
    static synchronized List<List<ByteBuffer>> askRoute(byte[]... requests) throws Refused {
        if (route == null) route = open(NETLINK_ROUTE);
        boolean done = false;
        try {
            List<List<ByteBuffer>> out = new ArrayList<>(requests.length);
            for (byte[] r : requests) out.add(route.ask(r));
            done = true;
            return out;
        } finally {
            if (!done) {
                route.close(); // an answer may be left half read
                route = null;
            }
        }
    }

    /** A request of {@code bodyLength} bytes after its header, the header written (sequence 1), in native order. */
    static ByteBuffer request(int type, int flags, int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + bodyLength).order(ByteOrder.nativeOrder());
        return b.putInt(HEADER + bodyLength).putShort((short) type).putShort((short) flags).putInt(1).putInt(0);
    }

    /**
     * Sends a request and returns the bodies of the answer, as the kernel sent them: up to
     * NLMSG_DONE for a dump, the one message otherwise. An NLMSG_ERROR (or a dump that ended on
     * an error) is {@link Refused} with its errno.
     */
    List<ByteBuffer> ask(byte[] request) throws Refused {
        List<ByteBuffer> out = new ArrayList<>();
        try {
            buf.write(0, request, 0, request.length);
            c.send(fd, buf, new NativeLong(request.length), 0);
            while (true) {
                int n = c.recv(fd, buf, new NativeLong(buf.size()), 0).intValue();
                if (n <= 0) throw new Refused("netlink answer ended without NLMSG_DONE", 0);
                if (split(buf.getByteArray(0, n), out)) return out;
            }
        } catch (LastErrorException e) {
            throw new Refused("netlink send or receive failed with errno " + e.getErrorCode(), e.getErrorCode());
        }
    }

    /**
     * Adds the bodies of the messages of one datagram (or of several, as captured) to {@code out},
     * each a view of {@code datagram}; true when the answer is complete (NLMSG_DONE, or a message
     * that is not part of a dump). Pure: the parser tests feed it captured answers.
     */
    static boolean split(byte[] datagram, List<ByteBuffer> out) throws Refused {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        boolean last = false;
        for (int at = 0; at + HEADER <= datagram.length; ) {
            int len = b.getInt(at);
            int type = b.getShort(at + 4) & 0xffff;
            int flags = b.getShort(at + 6) & 0xffff;
            if (len < HEADER || len > datagram.length - at) throw new Refused("malformed netlink message", 0);
            int error = len >= HEADER + 4 ? -b.getInt(at + HEADER) : 0;
            if (type == NLMSG_DONE || type == NLMSG_ERROR) {
                if (error != 0) throw new Refused("netlink request refused with errno " + error, error);
                return true;
            }
            out.add(ByteBuffer.wrap(datagram, at + HEADER, len - HEADER).slice().order(ByteOrder.nativeOrder()));
            last |= (flags & NLM_F_MULTI) == 0;
            at += (len + 3) & ~3;
        }
        return last;
    }

    @Override
    public void close() {
        buf.close();
        c.close(fd);
    }
}
