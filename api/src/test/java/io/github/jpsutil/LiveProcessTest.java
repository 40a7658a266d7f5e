package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every reading of a process handle, for this JVM and for spawned children, cross-checked with the
 * kernel's own files and with procps {@code ps}.
 */
class LiveProcessTest {
    private final Live live = new Live();
    private final Psutil ps = Psutil.local();

    @TempDir
    Path tmp;

    @AfterEach
    void reap() throws Exception {
        live.reapAll();
    }

    private static long self() {
        return ProcessHandle.current().pid();
    }

    private static List<String> kernelCmdline(long pid) {
        String raw = Live.read("/proc/" + pid + "/cmdline");
        return Arrays.asList(raw.substring(0, raw.length() - 1).split("\0", -1));
    }

    @Test
    void identityOfThisJvm() {
        OsProcess me = ps.self();
        long pid = self();
        assertThat(me.pid()).isEqualTo(pid);
        assertThat(me).isEqualTo(OsProcess.self()).isEqualTo(ps.process(pid));
        assertThat(me.ppid()).isEqualTo(Long.parseLong(Live.ps(pid, "ppid")))
                .isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(me.parent().pid()).isEqualTo(me.ppid());
        assertThat(me.name()).isEqualTo(Live.ps(pid, "comm")).isEqualTo(Live.status(pid, "Name"));
        assertThat(me.exe()).isEqualTo(Live.readlink("/proc/" + pid + "/exe"))
                .isEqualTo(ProcessHandle.current().info().command().orElseThrow());
        assertThat(me.cmdline()).isEqualTo(kernelCmdline(pid));
        assertThat(String.join(" ", me.cmdline())).isEqualTo(Live.ps(pid, "args"));
        assertThat(me.cwd()).isEqualTo(System.getProperty("user.dir")).isEqualTo(Live.readlink("/proc/" + pid + "/cwd"));
        assertThat(me.isRunning()).isTrue();
        assertThat(me.startTicks()).isEqualTo(Long.parseLong(Live.stat(pid)[22]));
    }

    @Test
    void createTimeAgreesWithPsAndTheJdk() {
        OsProcess me = ps.self();
        double ct = me.createTime();
        double btime = Double.parseDouble(Live.read("/proc/stat").lines().filter(l -> l.startsWith("btime ")).findFirst()
                .orElseThrow().substring(6));
        assertThat(ct).isCloseTo(btime + Long.parseLong(Live.stat(self())[22]) / (double) ps.clockTicks(), within(1e-6));
        long jdk = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        assertThat(ct * 1000).isCloseTo(jdk, within(1500.0));
        // ps prints the start in local time to the second, from its own reading of the boot time
        LocalDateTime lstart = LocalDateTime.parse(Live.ps(self(), "lstart").replaceAll(" +", " "),
                DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH));
        double psEpoch = lstart.atZone(ZoneId.systemDefault()).toEpochSecond();
        assertThat(ct).isCloseTo(psEpoch, within(2.0));
        double etimes = Double.parseDouble(Live.ps(self(), "etimes"));
        assertThat(System.currentTimeMillis() / 1000.0 - ct).isCloseTo(etimes, within(2.0));
    }

    @Test
    void idsUserStatusNiceAgreeWithPs() {
        long pid = self();
        OsProcess me = ps.self();
        String[] u = Live.ps(pid, "ruid,euid,suid").trim().split("\\s+");
        String[] g = Live.ps(pid, "rgid,egid,sgid").trim().split("\\s+");
        assertThat(me.uids()).isEqualTo(new Ids(Long.parseLong(u[0]), Long.parseLong(u[1]), Long.parseLong(u[2])));
        assertThat(me.gids()).isEqualTo(new Ids(Long.parseLong(g[0]), Long.parseLong(g[1]), Long.parseLong(g[2])));
        assertThat(me.username()).isEqualTo(Live.ps(pid, "ruser")).isEqualTo(System.getProperty("user.name"));
        assertThat(me.nice()).isEqualTo(Integer.parseInt(Live.ps(pid, "ni")));
        // a JVM's main thread sleeps or runs; ps shows the process state letter first
        assertThat(me.status()).isIn(Status.SLEEPING, Status.RUNNING);
        assertThat(Live.ps(pid, "stat").charAt(0)).isIn('S', 'R');
    }

    @Test
    void ioniceAgreesWithUtilLinux() {
        Assumptions.assumeTrue(Live.commandExists("ionice"), "util-linux ionice is not installed");
        Ionice io = ps.self().ionice();
        String out = Live.run("ionice", "-p", Long.toString(self())).trim();
        String expected = switch (io.ioclass()) {
            case NONE -> "none: prio " + io.value();
            case RT -> "realtime: prio " + io.value();
            case BE -> "best-effort: prio " + io.value();
            case IDLE -> "idle";
        };
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void countersOfThisJvmLieBetweenTwoKernelReadings() throws Exception {
        long pid = self();
        OsProcess me = ps.self();
        // I/O: make some, then read kernel / library / kernel
        Path f = tmp.resolve("io.bin");
        Files.write(f, new byte[1 << 16]);
        Files.readAllBytes(f);
        java.util.Map<String, Long> before = Live.keyValues(Live.read("/proc/" + pid + "/io"));
        IoCounters ioc = me.ioCounters();
        java.util.Map<String, Long> after = Live.keyValues(Live.read("/proc/" + pid + "/io"));
        assertThat(ioc.readCount()).isBetween(before.get("syscr"), after.get("syscr"));
        assertThat(ioc.writeCount()).isBetween(before.get("syscw"), after.get("syscw"));
        assertThat(ioc.readChars()).isBetween(before.get("rchar"), after.get("rchar")).isGreaterThanOrEqualTo(1 << 16);
        assertThat(ioc.writeChars()).isBetween(before.get("wchar"), after.get("wchar")).isGreaterThanOrEqualTo(1 << 16);
        assertThat(ioc.readBytes()).isBetween(before.get("read_bytes"), after.get("read_bytes"));
        assertThat(ioc.writeBytes()).isBetween(before.get("write_bytes"), after.get("write_bytes"));

        // CPU: utime/stime ticks around our reading; ps's "times" is user+system in whole seconds
        double hz = ps.clockTicks();
        String[] s1 = Live.stat(pid);
        CpuTimes cpu = me.cpuTimes();
        String[] s2 = Live.stat(pid);
        assertThat(cpu.user()).isBetween(Long.parseLong(s1[14]) / hz, Long.parseLong(s2[14]) / hz);
        assertThat(cpu.system()).isBetween(Long.parseLong(s1[15]) / hz, Long.parseLong(s2[15]) / hz);
        assertThat(cpu.childrenUser()).isBetween(Long.parseLong(s1[16]) / hz, Long.parseLong(s2[16]) / hz);
        assertThat(cpu.childrenSystem()).isBetween(Long.parseLong(s1[17]) / hz, Long.parseLong(s2[17]) / hz);
        assertThat(cpu.iowait()).isBetween(Long.parseLong(s1[42]) / hz, Long.parseLong(s2[42]) / hz);
        assertThat(cpu.user() + cpu.system()).isCloseTo(Double.parseDouble(Live.ps(pid, "times")), within(2.0));

        // memory: statm pages times the page size; ps reports KiB
        long page = ps.pageSize();
        long[] m1 = Live.numbers(Live.read("/proc/" + pid + "/statm"));
        MemoryInfo mem = me.memoryInfo();
        long[] m2 = Live.numbers(Live.read("/proc/" + pid + "/statm"));
        assertThat(mem.vms()).isBetween(Math.min(m1[0], m2[0]) * page, Math.max(m1[0], m2[0]) * page);
        assertThat(mem.rss()).isBetween(Math.min(m1[1], m2[1]) * page, Math.max(m1[1], m2[1]) * page);
        assertThat(mem.text()).isEqualTo(m1[3] * page);
        // ps's figures (KiB) against statm read just before and after it: this JVM's memory moves
        // while ps runs (other tests run beside this one), so a reading of ours an instant earlier is no reference
        long[] p1 = Live.numbers(Live.read("/proc/" + pid + "/statm"));
        double psRss = Double.parseDouble(Live.ps(pid, "rss")), psVsz = Double.parseDouble(Live.ps(pid, "vsz"));
        double psMem = Double.parseDouble(Live.ps(pid, "%mem"));
        long[] p2 = Live.numbers(Live.read("/proc/" + pid + "/statm"));
        assertThat(psRss).isBetween(Math.min(p1[1], p2[1]) * page / 1024.0, Math.max(p1[1], p2[1]) * page / 1024.0);
        assertThat(psVsz).isBetween(Math.min(p1[0], p2[0]) * page / 1024.0, Math.max(p1[0], p2[0]) * page / 1024.0);
        long total = Live.keyValues(Live.read("/proc/meminfo")).get("MemTotal"); // bytes
        assertThat(me.memoryPercent()).isCloseTo(100.0 * me.memoryInfo().rss() / total, within(0.5));
        // ps prints %mem with one decimal, rounded or cut
        assertThat(psMem).isBetween(100.0 * Math.min(p1[1], p2[1]) * page / total - 0.1,
                100.0 * Math.max(p1[1], p2[1]) * page / total + 0.1);
    }

    @Test
    void threadsOfThisJvm() throws Exception {
        long pid = self();
        Thread extra = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // stop
            }
        }, "jpsutil-test-sleeper");
        extra.setDaemon(true);
        extra.start();
        try {
            long n1 = Long.parseLong(Live.status(pid, "Threads"));
            int n = ps.self().numThreads();
            List<ThreadTimes> threads = ps.self().threads();
            long n2 = Long.parseLong(Live.status(pid, "Threads"));
            assertThat((long) n).isBetween(Math.min(n1, n2) - 2, Math.max(n1, n2) + 2);
            assertThat(threads.size()).isBetween(n - 3, n + 3);
            Set<Long> tids = threads.stream().map(ThreadTimes::id).collect(Collectors.toSet());
            assertThat(tids).contains(pid);
            // our sleeper is among them: find its tid by name in /proc/self/task/*/comm
            // (the new thread names itself once it runs, a moment after start() returned)
            long sleeperTid = -1;
            for (int i = 0; i < 500 && sleeperTid < 0; i++) {
                try (var dir = Files.list(Path.of("/proc/" + pid + "/task"))) {
                    for (Path t : dir.toList())
                        if (Live.read(t + "/comm").trim().equals("jpsutil-test-sl")) sleeperTid = Long.parseLong(t.getFileName().toString());
                }
                if (sleeperTid < 0) Thread.sleep(10);
            }
            assertThat(tids).contains(sleeperTid);
            double hz = ps.clockTicks();
            ThreadTimes main = threads.stream().filter(t -> t.id() == pid).findFirst().orElseThrow();
            String[] s = Live.stat(pid);
            assertThat(main.user()).isLessThanOrEqualTo(Long.parseLong(Live.read("/proc/" + pid + "/task/" + pid + "/stat")
                    .substring(Live.read("/proc/" + pid + "/task/" + pid + "/stat").lastIndexOf(')') + 2).split(" ")[11]) / hz);
            assertThat(threads.stream().mapToDouble(ThreadTimes::user).sum()).isLessThanOrEqualTo(Long.parseLong(s[14]) / hz + 0.5);
        } finally {
            extra.interrupt();
        }
    }

    @Test
    void kernelThreadHasNoExeAndNoCmdline() {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/2/stat")) && Live.stat(2)[2].equals("kthreadd"),
                "no kthreadd at pid 2 (a container with its own pid namespace?)");
        OsProcess k = ps.process(2);
        assertThat(k.name()).isEqualTo("kthreadd").isEqualTo(Live.ps(2, "comm"));
        assertThat(k.exe()).isEmpty();
        assertThat(k.cmdline()).isEmpty();
        assertThat(Live.read("/proc/2/cmdline")).isEmpty();
        assertThat(k.ppid()).isZero();
        assertThat(k.parent()).isNull();
        assertThat(k.memoryInfo().rss()).isZero();
        assertThat(k.username()).isEqualTo("root");
        assertThat(k.numThreads()).isEqualTo(1);
    }

    @Test
    void cpuPercentOfAHandle() throws Exception {
        OsProcess me = ps.self();
        OsProcess fresh = ps.process(self());
        assertThat(fresh.cpuPercent()).isZero(); // psutil: the first call without interval is 0.0
        String[] s0 = Live.stat(self());
        long w0 = System.nanoTime();
        long end = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < end) x += System.nanoTime() & 1;
        assertThat(x).isNotNegative();
        double p = fresh.cpuPercent();
        String[] s1 = Live.stat(self());
        long w1 = System.nanoTime();
        // what the kernel counted over (nearly) the same window, whatever share of a CPU the
        // loop got on a busy machine; ticks make it coarse by a tick or two per window
        double hz = ps.clockTicks();
        double kernel = (Long.parseLong(s1[14]) + Long.parseLong(s1[15]) - Long.parseLong(s0[14]) - Long.parseLong(s0[15]))
                / hz / ((w1 - w0) / 1e9) * 100;
        assertThat(p).isPositive().isCloseTo(kernel, within(15.0)).isLessThanOrEqualTo(100.0 * ps.cpuCount() + 10);
        assertThat(me.cpuPercent(Duration.ofMillis(100))).isBetween(0.0, 100.0 * ps.cpuCount() + 10);
        Popen idle = live.start("sleep", "30");
        assertThat(idle.handle().cpuPercent(Duration.ofMillis(200))).isLessThan(5.0);
    }

    @Test
    void childWithWorkingDirectoryAndArguments() {
        Popen c = live.start(new ProcessBuilder("sleep", "30").directory(tmp.toFile()));
        OsProcess h = c.handle();
        long pid = c.pid();
        assertThat(pid).isEqualTo(c.process().pid());
        assertThat(h.ppid()).isEqualTo(self()).isEqualTo(Long.parseLong(Live.ps(pid, "ppid")));
        assertThat(h.parent()).isEqualTo(ps.self());
        assertThat(h.name()).isEqualTo("sleep").isEqualTo(Live.ps(pid, "comm"));
        assertThat(h.exe()).isEqualTo(Live.readlink("/proc/" + pid + "/exe")).endsWith("/sleep");
        assertThat(h.cmdline()).containsExactly("sleep", "30").isEqualTo(kernelCmdline(pid));
        assertThat(h.cwd()).isEqualTo(tmp.toString());
        assertThat(h.numThreads()).isEqualTo(1);
        assertThat(h.threads()).hasSize(1).allSatisfy(t -> assertThat(t.id()).isEqualTo(pid));
        assertThat(h.createTime()).isCloseTo(System.currentTimeMillis() / 1000.0, within(3.0));
        assertThat(h.createTime()).isGreaterThanOrEqualTo(ps.self().createTime());
        assertThat(h.uids()).isEqualTo(ps.self().uids());
        assertThat(h.username()).isEqualTo(Live.ps(pid, "ruser"));
        Live.await("sleep to sleep", Duration.ofSeconds(5), () -> h.status() == Status.SLEEPING);
        assertThat(Live.ps(pid, "stat")).startsWith("S");
        assertThat(h.memoryInfo().rss()).isPositive();
        assertThat((double) h.memoryInfo().rss() / 1024).isCloseTo(Double.parseDouble(Live.ps(pid, "rss")), within(64.0));
        // a sleeping sleep faults no more: procps' min_flt and maj_flt read the same fields of stat
        String[] faults = Live.ps(pid, "min_flt,maj_flt").trim().split("\\s+");
        assertThat(h.pageFaults()).isEqualTo(new PageFaults(Long.parseLong(faults[0]), Long.parseLong(faults[1])));
        assertThat(h.pageFaults().minor()).isPositive();
        assertThat(ps.self().children(false)).contains(h);
        assertThat(h.isRunning()).isTrue();
        assertThat(h.toString()).contains(Long.toString(pid));
    }

    @Test
    void nameLongerThan15CharactersComesFromTheCommandLine() throws Exception {
        Path link = tmp.resolve("averyveryverylongname");
        Files.createSymbolicLink(link, Path.of(Live.run("sh", "-c", "command -v sleep").trim()));
        Popen c = live.start(link.toString(), "30");
        OsProcess h = c.handle();
        Live.await("exec", Duration.ofSeconds(5), () -> Live.stat(c.pid())[2].startsWith("averyvery"));
        assertThat(Live.ps(c.pid(), "comm")).isEqualTo("averyveryverylo");
        assertThat(Live.stat(c.pid())[2]).isEqualTo("averyveryverylo");
        assertThat(h.name()).isEqualTo("averyveryverylongname");
        assertThat(ps.process(c.pid()).name()).isEqualTo("averyveryverylongname");
        assertThat(h.exe()).isEqualTo(link.toRealPath().toString());
    }

    @Test
    void childrenDirectAndRecursive() {
        Popen sh = live.start("sh", "-c", "sleep 30 & sleep 30 & wait");
        OsProcess h = sh.handle();
        Live.await("two sleeps", Duration.ofSeconds(5), () -> h.children(false).size() == 2
                && h.children(false).stream().allMatch(c -> c.name().equals("sleep")));
        List<OsProcess> kids = h.children(false);
        Set<Long> fromPs = Arrays.stream(Live.run("ps", "-o", "pid=", "--ppid", Long.toString(sh.pid())).trim().split("\\s+"))
                .map(Long::parseLong).collect(Collectors.toSet());
        assertThat(kids).extracting(OsProcess::pid).containsExactlyInAnyOrderElementsOf(fromPs);
        assertThat(kids).allSatisfy(k -> assertThat(k.ppid()).isEqualTo(sh.pid()));
        List<OsProcess> all = ps.self().children(true);
        assertThat(all).contains(h).containsAll(kids);
        assertThat(ps.self().children(false)).contains(h).doesNotContainAnyElementsOf(kids);
        assertThat(kids.get(0).children(true)).isEmpty();
    }

    @Test
    void openFilesOfAChildHoldingAFile() throws Exception {
        Path f = tmp.resolve("held file.log");
        Files.writeString(f, "12345");
        Popen c = live.start("sh", "-c", "exec 3>>\"$0\"; exec 4<\"$0\"; exec 5<>\"$0\"; exec sleep 30", f.toString());
        OsProcess h = c.handle();
        // the kernel renames the process before it closes the shell's close-on-exec descriptors:
        // wait for the three that sleep inherits and nothing else of sh's
        Live.await("exec sleep", Duration.ofSeconds(5), () -> h.name().equals("sleep")
                && h.openFiles().stream().filter(o -> o.path().equals(f.toString())).count() == 3);
        List<OpenFile> files = h.openFiles();
        assertThat(files).filteredOn(o -> o.path().equals(f.toString())).extracting(OpenFile::fd).containsExactlyInAnyOrder(3, 4, 5);
        OpenFile append = files.stream().filter(o -> o.fd() == 3).findFirst().orElseThrow();
        assertThat(append.mode()).isEqualTo("a");
        assertThat(append.flags() & 03).isEqualTo(01); // O_WRONLY
        assertThat(append.flags() & 02000).isEqualTo(02000); // O_APPEND
        assertThat(append.position()).isEqualTo(Long.parseLong(Live.read("/proc/" + c.pid() + "/fdinfo/3").lines()
                .filter(l -> l.startsWith("pos:")).findFirst().orElseThrow().substring(4).trim()));
        assertThat(files.stream().filter(o -> o.fd() == 4).findFirst().orElseThrow().mode()).isEqualTo("r");
        assertThat(files.stream().filter(o -> o.fd() == 5).findFirst().orElseThrow().mode()).isEqualTo("r+");
        long fdFlags = Long.parseLong(Live.read("/proc/" + c.pid() + "/fdinfo/4").lines()
                .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow().substring(6).trim(), 8);
        assertThat(files.stream().filter(o -> o.fd() == 4).findFirst().orElseThrow().flags()).isEqualTo((int) fdFlags);
        assertThat(h.numFds()).isEqualTo(new File("/proc/" + c.pid() + "/fd").list().length);
    }

    @Test
    void tcpListenerUdpAndUnixSocketsOfThisJvm() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
             ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Path sock = tmp.resolve("jpsutil test.sock");
            unix.bind(UnixDomainSocketAddress.of(sock));
            OsProcess me = ps.self();
            List<Connection> tcp = me.connections("tcp");
            // the JDK opens dual-stack sockets where it can: then the kernel lists them in tcp6 as
            // ::ffff:127.0.0.1, and so does psutil
            assertThat(tcp).anySatisfy(c -> {
                assertThat(c.laddr()).isEqualTo(new Address(loopback(c), server.getLocalPort()));
                assertThat(c.status()).isEqualTo("LISTEN");
                assertThat(c.raddr()).isNull();
                assertThat(c.type()).isEqualTo("SOCK_STREAM");
                assertInKernelTable(c, "tcp");
            });
            assertThat(me.connections("udp")).anySatisfy(c -> {
                assertThat(c.laddr()).isEqualTo(new Address(loopback(c), udp.getLocalPort()));
                assertThat(c.status()).isEqualTo("NONE");
                assertThat(c.type()).isEqualTo("SOCK_DGRAM");
                assertInKernelTable(c, "udp");
            });
            assertThat(me.connections("unix")).anySatisfy(c -> {
                assertThat(c.family()).isEqualTo("AF_UNIX");
                assertThat(c.laddr().ip()).isEqualTo(sock.toString());
            });
            assertThat(me.connections()).noneMatch(c -> c.family().equals("AF_UNIX"));
            // an accepted connection shows both ends as ESTABLISHED
            try (java.net.Socket client = new java.net.Socket("127.0.0.1", server.getLocalPort());
                 java.net.Socket accepted = server.accept()) {
                List<Connection> est = me.connections("tcp");
                assertThat(est).anySatisfy(c -> {
                    assertThat(c.laddr().port()).isEqualTo(client.getLocalPort());
                    assertThat(c.raddr()).isEqualTo(new Address(loopback(c), server.getLocalPort()));
                    assertThat(c.status()).isEqualTo("ESTABLISHED");
                });
                assertThat(est).anySatisfy(c -> assertThat(c.raddr()).isEqualTo(new Address(loopback(c), client.getLocalPort())));
            }
        }
    }

    private static String loopback(Connection c) {
        return c.family().equals("AF_INET6") ? "::ffff:127.0.0.1" : "127.0.0.1";
    }

    /** The socket behind the fd is in /proc/net/tcp6 for AF_INET6, /proc/net/tcp for AF_INET. */
    private static void assertInKernelTable(Connection c, String proto) {
        String link = Live.readlink("/proc/self/fd/" + c.fd());
        assertThat(link).startsWith("socket:[");
        String inode = link.substring(8, link.length() - 1);
        String table = Live.read("/proc/net/" + proto + (c.family().equals("AF_INET6") ? "6" : ""));
        assertThat(table.lines().skip(1).map(l -> l.trim().split("\\s+")[9])).contains(inode);
    }

    @Test
    void unixSocketOfAChild() throws Exception {
        Assumptions.assumeTrue(Live.commandExists("python3"), "python3 is not installed");
        Path sock = tmp.resolve("child.sock");
        Popen c = live.start("python3", "-c", "import socket,sys,time\ns=socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])\n"
                + "s.listen()\ntime.sleep(30)", sock.toString());
        Live.await("bind", Duration.ofSeconds(10), () -> Files.exists(sock));
        Live.await("listed", Duration.ofSeconds(5), () -> !c.handle().connections("unix").isEmpty());
        assertThat(c.handle().connections("unix")).anySatisfy(conn -> {
            assertThat(conn.laddr().ip()).isEqualTo(sock.toString());
            assertThat(conn.type()).isEqualTo("SOCK_STREAM");
        });
        assertThat(c.handle().connections("inet")).isEmpty();
    }
}
