package io.github.jpsutil;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The machine's sockets beside psutil 5.9.4's net_connections and ss, for every kind. */
class PsutilConnectionsOracleTest {
    private final Psutil ps = Psutil.local();
    private static final List<String> KINDS = List.of("inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6",
            "unix", "all");

    @BeforeAll
    static void psutilPresent() {
        PsutilOracle.assumePresent();
    }

    private static String a(String family, Address x) {
        if (x == null || x.ip().isEmpty()) return "-";
        return family.equals("AF_UNIX") ? x.ip() : x.ip() + "/" + x.port();
    }

    private Set<String> ours(String kind) {
        return ps.netConnections(kind).stream().map(c -> c.fd() + " " + c.family() + " " + c.type() + " " + a(c.family(), c.laddr()) + " "
                + a(c.family(), c.raddr()) + " " + c.status() + " " + (c.pid() == null ? "None" : c.pid())).collect(Collectors.toSet());
    }

    private static Set<String> psutil(String kind) {
        String script = String.join("\n", "import psutil, sys",
                "def a(x):",
                "    if isinstance(x, str): return x if x else '-'",
                "    return '%s/%d' % (x.ip, x.port) if x else '-'",
                "for c in psutil.net_connections(sys.argv[1]):",
                "    print(c.fd, c.family.name, c.type.name, a(c.laddr), a(c.raddr), c.status, c.pid)");
        return Set.copyOf(Live.run("/usr/bin/python3", "-c", script, kind).lines().toList());
    }

    @Test
    void everyKindAsPsutilListsIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            for (String kind : KINDS) {
                // sockets of other builds come and go: what we saw both before and after psutil, psutil saw too
                Set<String> before = ours(kind);
                Set<String> theirs = psutil(kind);
                Set<String> after = ours(kind);
                Set<String> stable = new HashSet<>(before);
                stable.retainAll(after);
                assertThat(theirs).as(kind).containsAll(stable);
                Set<String> any = new HashSet<>(before);
                any.addAll(after);
                // psutil's own python process and its pipes are in its answer, not in ours
                Set<String> missing = new HashSet<>(theirs);
                missing.removeAll(any);
                assertThat(missing.size()).as(kind + ": in psutil's answer only: " + missing).isLessThanOrEqualTo(Math.max(3, theirs.size() / 10));
            }
            long me = ProcessHandle.current().pid();
            // the JDK binds dual-stack sockets: 127.0.0.1 may sit in the tcp6 table as ::ffff:127.0.0.1
            assertThat(ps.netConnections("tcp")).anyMatch(c -> c.status().equals("LISTEN")
                    && c.laddr().port() == server.getLocalPort() && Long.valueOf(me).equals(c.pid()));
            if (Live.commandExists("ss")) {
                String ss = Live.run("ss", "-tanp", "sport = :" + server.getLocalPort());
                assertThat(ss).contains("LISTEN").contains("pid=" + me);
            }
        }
    }

    @Test
    void anUnknownKindIsOneClearError() {
        assertThatThrownBy(() -> ps.netConnections("tcp5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tcp5").hasMessageContaining("inet");
    }
}
