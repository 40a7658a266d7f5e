package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.github.jpsutil.JpsutilException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Duplex and speed of interfaces as psutil asks for them: the ethtool ioctl ETHTOOL_GSET on a
 * datagram socket, one socket for every interface of a reading.
 */
final class Ethtool implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM_CLOEXEC = 2 | 02000000;
    private static final long SIOCETHTOOL = 0x8946;
    private static final int ETHTOOL_GSET = 1;
    private static final int ENODEV = 19;
    private static final int EOPNOTSUPP = 95;
    /** struct ifreq: the name (16 bytes), then the pointer to the command. */
    private static final int IFREQ = 40;
    /** struct ethtool_cmd, the legacy link settings. */
    private static final int ETHTOOL_CMD = 44;
    private static final int IFNAMSIZ = 16;

    private final Native.LibC c;
    private final int fd;
    private final Memory request = new Memory(IFREQ);
    private final Memory cmd = new Memory(ETHTOOL_CMD);

    private Ethtool(Native.LibC c, int fd) {
        this.c = c;
        this.fd = fd;
        request.setPointer(IFNAMSIZ, cmd);
    }

    /** The process' one ethtool socket, kept open between readings (a descriptor, close-on-exec). */
    private static Ethtool kept;

    /** {@link #duplexSpeed} on the kept socket. */
    static synchronized int[] ask(String nic) throws Netlink.Refused {
        if (kept == null) kept = open();
        return kept.duplexSpeed(nic);
    }

    static Ethtool open() throws Netlink.Refused {
        Native.LibC c;
        try {
            c = Native.libc("ethtool");
        } catch (JpsutilException e) {
            throw new Netlink.Refused("no native access", 0);
        }
        if (com.sun.jna.Native.LONG_SIZE != 8) throw new Netlink.Refused("the ethtool request is asked on 64-bit Linux only", 0);
        try {
            return new Ethtool(c, c.socket(AF_INET, SOCK_DGRAM_CLOEXEC, 0));
        } catch (LastErrorException e) {
            throw new Netlink.Refused("socket(AF_INET, SOCK_DGRAM) failed with errno " + e.getErrorCode(), e.getErrorCode());
        }
    }

    /**
     * {duplex, speed} of one interface in psutil's terms; {0, 0} where the driver tells neither
     * (EOPNOTSUPP, EINVAL: as psutil); null when the interface is gone (ENODEV, which psutil
     * leaves out). Another errno is Refused: the caller reads sysfs instead.
     */
    int[] duplexSpeed(String nic) throws Netlink.Refused {
        byte[] name = nic.getBytes(StandardCharsets.UTF_8);
        if (name.length >= IFNAMSIZ) return null; // no interface has such a name
        request.write(0, name, 0, name.length);
        request.setByte(name.length, (byte) 0);
        cmd.clear();
        cmd.setInt(0, ETHTOOL_GSET);
        if (c.ioctl(fd, SIOCETHTOOL, request) < 0) {
            int errno = com.sun.jna.Native.getLastError();
            if (errno == ENODEV) return null;
            if (errno == EOPNOTSUPP || errno == Errno.EINVAL) return new int[]{0, 0};
            throw new Netlink.Refused("ioctl(SIOCETHTOOL) on " + nic + " failed with errno " + errno, errno);
        }
        return decode(cmd.getByteBuffer(0, ETHTOOL_CMD).order(java.nio.ByteOrder.nativeOrder()));
    }

    /**
     * An ethtool_cmd as {duplex, speed}: duplex 2 full, 1 half, 0 unknown (psutil's NicDuplex);
     * speed in Mbit/s from its low and high 16 bits, 0 when unknown (SPEED_UNKNOWN, or beyond INT_MAX).
     */
    static int[] decode(ByteBuffer cmd) {
        int duplex = switch (cmd.get(14) & 0xff) {
            case 0 -> 1;
            case 1 -> 2;
            default -> 0;
        };
        long speed = (cmd.getShort(12) & 0xffffL) | (cmd.getShort(28) & 0xffffL) << 16;
        return new int[]{duplex, speed > Integer.MAX_VALUE ? 0 : (int) speed};
    }

    @Override
    public void close() {
        request.close();
        cmd.close();
        c.close(fd);
    }
}
