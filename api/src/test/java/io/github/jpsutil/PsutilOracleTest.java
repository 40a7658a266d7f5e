package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * psutil 5.9.4 (Debian's python3-psutil) as the reference, on the same live process at the same
 * moment: connections, open files and threads, whose shapes (which fd, which address form) are
 * easy to get subtly different.
 */
class PsutilOracleTest {
    private final Live live = new Live();

    @TempDir
    Path tmp;

    @BeforeAll
    static void psutilPresent() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3"))
                && Live.run("/usr/bin/python3", "-c", "import psutil; print(psutil.__version__)").trim().equals("5.9.4"),
                "Debian's python3-psutil 5.9.4 is not installed (apt-get install python3-psutil)");
    }

    @AfterEach
    void reap() throws Exception {
        live.reapAll();
    }

    private static final String SCRIPT = String.join("\n",
            "import psutil, sys",
            "p = psutil.Process(int(sys.argv[1]))",
            "def a(x):",
            "    if isinstance(x, str): return x",
            "    return '%s/%d' % (x.ip, x.port) if x else '-'",
            "for c in p.connections('all'):",
            "    print('conn', c.fd, c.family.name, c.type.name, a(c.laddr), a(c.raddr) if c.raddr else '-', c.status)",
            "for f in p.open_files():",
            "    print('file', f.fd, f.position, f.mode, f.flags, f.path)",
            "print('threads', ' '.join(str(t.id) for t in p.threads()))");

    private static Set<String> psutil(long pid, String kind) {
        return Live.run("/usr/bin/python3", "-c", SCRIPT, Long.toString(pid)).lines()
                .filter(l -> l.startsWith(kind + " ")).collect(Collectors.toSet());
    }

    private static String a(Address x) {
        if (x == null) return "-";
        return x.port() == 0 && !x.ip().contains(".") && !x.ip().contains(":") || x.ip().startsWith("/") || x.ip().startsWith("@")
                || x.ip().isEmpty() ? x.ip() : x.ip() + "/" + x.port();
    }

    private static Set<String> ours(OsProcess p) {
        Set<String> s = new HashSet<>();
        for (Connection c : p.connections("all"))
            s.add("conn " + c.fd() + " " + c.family() + " " + c.type() + " " + a(c.laddr()) + " "
                    + (c.raddr() == null ? "-" : a(c.raddr())) + " " + c.status());
        return s;
    }

    @Test
    void connectionsOfThisJvm() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
             ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept();
             Socket unbound = new Socket()) {
            unix.bind(UnixDomainSocketAddress.of(tmp.resolve("oracle.sock")));
            OsProcess me = Psutil.local().self();
            // sockets of other tests' threads may come and go: compare twice, around psutil's reading
            Set<String> before = ours(me);
            Set<String> py = psutil(me.pid(), "conn");
            Set<String> after = ours(me);
            Set<String> stable = new HashSet<>(before);
            stable.retainAll(after);
            assertThat(py).containsAll(stable);
            Set<String> any = new HashSet<>(before);
            any.addAll(after);
            assertThat(any).containsAll(py);
            assertThat(stable).anyMatch(l -> l.contains("/" + server.getLocalPort() + " - LISTEN"))
                    .anyMatch(l -> l.contains("/" + udp.getLocalPort() + " - NONE"))
                    .anyMatch(l -> l.contains("oracle.sock"));
        }
    }

    @Test
    void openFilesAndThreadsOfAChild() throws Exception {
        Path f = tmp.resolve("oracle file.txt");
        Files.writeString(f, "abc");
        Popen c = live.start("sh", "-c", "exec 3>>\"$0\"; exec 4<\"$0\"; exec 7<>\"$0\"; exec sleep 30", f.toString());
        OsProcess h = c.handle();
        Live.await("exec", Duration.ofSeconds(5), () -> h.name().equals("sleep") && h.openFiles().size() == 3);
        Set<String> ours = h.openFiles().stream().map(o -> "file " + o.fd() + " " + o.position() + " " + o.mode() + " "
                + o.flags() + " " + o.path()).collect(Collectors.toSet());
        assertThat(psutil(c.pid(), "file")).isEqualTo(ours).hasSize(3);
        List<String> threads = List.copyOf(psutil(c.pid(), "threads"));
        assertThat(threads).containsExactly("threads " + h.threads().stream().map(t -> Long.toString(t.id()))
                .collect(Collectors.joining(" ")));
    }

    @Test
    void parentsOfAGrandchild() {
        Popen c = live.start("sh", "-c", "sleep 30; true");
        Live.await("sh starts sleep", Duration.ofSeconds(5), () -> !c.handle().children(false).isEmpty());
        OsProcess sleep = c.handle().children(false).get(0);
        String py = Live.run("/usr/bin/python3", "-c", "import psutil, sys\np = psutil.Process(int(sys.argv[1]))\n"
                + "print(' '.join(str(q.pid) for q in p.parents()))", Long.toString(sleep.pid())).trim();
        assertThat(sleep.parents().stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(" "))).isEqualTo(py);
    }
}
