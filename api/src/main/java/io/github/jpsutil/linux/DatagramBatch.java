package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Up to {@link #BATCH} datagrams of a socket taken by one recvmmsg(2), each into a slot of its own
 * in one native buffer, read through one ByteBuffer: a burst costs one system call and no
 * allocation. For one thread.
 */
final class DatagramBatch implements AutoCloseable {
    /** Datagrams taken at once, and the room for each. */
    static final int BATCH = 32, SLOT = 128;
    private static final int MSG_DONTWAIT = 0x40;
    /**
     * struct msghdr is seven pointer-sized fields; struct mmsghdr adds msg_len, padded; struct iovec
     * is two. Per instance: JNA is asked only once its native library is known to load.
     */
    private final int pointer = com.sun.jna.Native.POINTER_SIZE, mmsghdr = 8 * pointer, msgLen = 7 * pointer, iovec = 2 * pointer;
    private final Memory slots = new Memory((long) BATCH * SLOT);
    private final ByteBuffer view = slots.getByteBuffer(0, slots.size()).order(ByteOrder.nativeOrder());
    private final Memory headers = new Memory((long) BATCH * (mmsghdr + iovec));

    DatagramBatch() {
        headers.clear();
        for (int i = 0; i < BATCH; i++) { // each mmsghdr points at its own iovec, each iovec at its own slot
            long iov = (long) BATCH * mmsghdr + (long) i * iovec;
            headers.setPointer(iov, slots.share((long) i * SLOT));
            setSize(iov + pointer, SLOT);
            headers.setPointer((long) i * mmsghdr + 2L * pointer, headers.share(iov));
            setSize((long) i * mmsghdr + 3L * pointer, 1);
        }
    }

    private void setSize(long offset, long value) {
        if (pointer == 8) headers.setLong(offset, value);
        else headers.setInt(offset, (int) value);
    }

    /**
     * Takes the datagrams queued on the socket now, without waiting: how many (0 when none); -1 when
     * the kernel dropped some because the socket's buffer overflowed (ENOBUFS).
     */
    int receive(int fd) {
        try {
            return Math.max(0, Native.recvmmsg(fd, headers, BATCH, MSG_DONTWAIT));
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Errno.EINTR) return 0;
            if (errno == Errno.ENOBUFS) return -1;
            throw e;
        }
    }

    /** All slots, in native byte order: datagram i starts at {@link #offset(int)}. */
    ByteBuffer view() {
        return view;
    }

    static int offset(int i) {
        return i * SLOT;
    }

    /** The length of datagram i of the last receive (at most a slot: a longer one was cut). */
    int length(int i) {
        return Math.min(SLOT, headers.getInt((long) i * mmsghdr + msgLen));
    }

    /** Datagram i of the last receive, as its own buffer. */
    ByteBuffer datagram(int i) {
        return slots.getByteBuffer(offset(i), length(i)).order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        headers.close();
        slots.close();
    }
}
