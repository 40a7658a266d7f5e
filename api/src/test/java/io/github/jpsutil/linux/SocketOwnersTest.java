package io.github.jpsutil.linux;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The holders of sockets found through getdents64 and readlinkat, beside those found through java.nio. */
class SocketOwnersTest {
    private static final Path PROC = Path.of("/proc");

    @Test
    void theNativeScanFindsWhatJavaNioFinds() throws Exception {
        long self = ProcessHandle.current().pid();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            // this JVM's descriptors only: other processes open and close theirs between two scans
            Map<Long, SocketOwners.Owner> nio = SocketOwners.scan(PROC, new long[]{self});
            Map<Long, SocketOwners.Owner> direct = SocketOwners.scan(PROC, new long[]{self}, true);
            assertThat(nio).hasSizeGreaterThanOrEqualTo(3); // the listener and both ends
            assertThat(direct).isEqualTo(nio);
            assertThat(direct.values()).allSatisfy(o -> assertThat(o.pid()).isEqualTo(self));
        }
    }

    @Test
    void aProcessThatIsGoneIsSkipped() {
        assertThat(SocketOwners.scan(PROC, new long[]{Long.MAX_VALUE}, true)).isEmpty();
        assertThat(SocketOwners.scan(Path.of("/nonexistent"), new long[]{1}, true)).isEmpty();
    }

    @Test
    void onlySocketLinksHaveAnInode() {
        assertThat(inode("socket:[12345]")).isEqualTo(12345);
        assertThat(inode("socket:[4294967295]")).isEqualTo(4294967295L);
        assertThat(inode("socket:[]")).isEqualTo(-1);
        assertThat(inode("socket:[12a]")).isEqualTo(-1);
        assertThat(inode("socket:[12")).isEqualTo(-1);
        assertThat(inode("pipe:[12345]")).isEqualTo(-1);
        assertThat(inode("/tmp/socket:[1]")).isEqualTo(-1);
        assertThat(inode("socket:[99999999999999999999999]")).isEqualTo(-1);
    }

    private static long inode(String link) {
        byte[] b = link.getBytes(StandardCharsets.UTF_8);
        byte[] padded = java.util.Arrays.copyOf(b, b.length + 8); // the reader's buffer is longer than the link
        return SocketOwners.socketInode(padded, b.length);
    }
}
