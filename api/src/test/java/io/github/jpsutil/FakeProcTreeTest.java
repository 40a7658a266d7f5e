package io.github.jpsutil;

import io.github.jpsutil.linux.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static io.github.jpsutil.FakeProc.link;
import static io.github.jpsutil.FakeProc.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The public API over a fake /proc tree ({@link Psutil#withProcRoot}): every reading from known
 * file contents, a kernel thread, a zombie, a name cut at 15 characters, and pid reuse.
 */
class FakeProcTreeTest {
    @TempDir
    Path dir;
    FakeProc fake;
    Psutil ps;
    double hz;
    long page;
    Path logFile;

    @BeforeEach
    void tree() throws Exception {
        fake = new FakeProc(dir);
        write(fake.proc.resolve("meminfo"), Samples.text("meminfo-6.x.txt"));
        write(fake.proc.resolve("vmstat"), "nr_free_pages 1\npswpin 100\npswpout 250\n");
        link(fake.proc.resolve("self"), "100");
        Files.createDirectories(fake.proc.resolve("sys/kernel"));
        for (String t : new String[]{"tcp", "tcp6", "udp", "udp6", "unix"})
            write(fake.proc.resolve("net/" + t), Samples.text("net-" + t + "-6.x.txt"));

        fake.process(1, "init", 'S', 0, 5, "/sbin/init\0splash\0");
        write(fake.proc.resolve("1/task/1/children"), "100 400 ");
        link(fake.proc.resolve("1/exe"), "/usr/lib/systemd/systemd");
        link(fake.proc.resolve("1/cwd"), "/");

        Path k = fake.process(2, "kthreadd", 'S', 0, 14, ""); // no exe, no cwd: a kernel thread
        write(k.resolve("statm"), "0 0 0 0 0 0 0\n");

        fake.process(50, "old", 'S', 1, 1, "old\0");

        Path java = fake.process(100, "java", 'S', 1, 1000, "/usr/bin/java\0-cp\0a b.jar\0Main\0");
        write(java.resolve("stat"), FakeProc.statLine(100, "java", 'S', 1, 250, 40, 12, 6, 5, 2, 1000, 3_000_000_000L, 51_200, 17));
        write(java.resolve("status"), FakeProc.status("java", 100, 100, 1, new long[]{1, 2, 3}, new long[]{4, 5, 6}, 2));
        write(java.resolve("task/100/stat"), FakeProc.statLine(100, "java", 'S', 1, 200, 30, 0, 0, 5, 2, 1000, 0, 0, 0));
        write(java.resolve("task/101/stat"), FakeProc.statLine(101, "C2 Compiler", 'R', 1, 50, 10, 0, 0, 5, 2, 1001, 0, 0, 0));
        write(java.resolve("task/100/children"), "200 ");
        write(java.resolve("task/101/children"), "201 ");
        link(java.resolve("exe"), "/usr/lib/jvm/java-17/bin/java");
        link(java.resolve("cwd"), "/srv/app dir");
        logFile = dir.resolve("data dir/app.log");
        write(logFile, "hello");
        link(java.resolve("fd/0"), "/dev/null");
        link(java.resolve("fd/3"), logFile.toString());
        write(java.resolve("fdinfo/3"), Samples.text("fdinfo-6.x-mode-a.txt"));
        link(java.resolve("fd/4"), "socket:[6501]");
        link(java.resolve("fd/5"), "socket:[6510]");
        link(java.resolve("fd/6"), "pipe:[4242]");
        link(java.resolve("fd/7"), "socket:[6509]");
        for (String t : new String[]{"tcp", "tcp6", "udp", "udp6", "unix"})
            write(java.resolve("net/" + t), Samples.text("net-" + t + "-6.x.txt"));

        fake.process(200, "averyveryverylo", 'S', 100, 2000, "/opt/bin/averyveryverylongname\0--x\0");
        write(fake.proc.resolve("200/task/200/children"), "300 50 "); // 50 is older than 200: a reused pid
        fake.process(201, "a) (b", 'T', 100, 2001, "./a) (b\0-v\0");
        Path z = fake.process(300, "sleep", 'Z', 200, 2500, "");
        write(z.resolve("statm"), "0 0 0 0 0 0 0\n");
        fake.process(400, "ephemeral", 'S', 1, 3000, "ephemeral\0");

        ps = fake.psutil();
        hz = ps.clockTicks();
        page = ps.pageSize();
    }

    @Test
    void pidsAreTheNumericEntries() {
        assertThat(ps.pids()).containsExactly(1, 2, 50, 100, 200, 201, 300, 400);
        assertThat(ps.pidExists(100)).isTrue();
        assertThat(ps.pidExists(300)).isTrue(); // a zombie exists until reaped
        assertThat(ps.pidExists(999)).isFalse();
        assertThat(ps.pidExists(-1)).isFalse();
        assertThatThrownBy(() -> ps.process(999)).isInstanceOf(NoSuchProcess.class).hasMessageContaining("999");
        assertThatThrownBy(() -> ps.process(-5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    }

    @Test
    void everyReadingOfOneProcess() {
        OsProcess p = ps.process(100);
        assertThat(p.pid()).isEqualTo(100);
        assertThat(p.ppid()).isEqualTo(1);
        assertThat(p.parent().pid()).isEqualTo(1);
        assertThat(p.name()).isEqualTo("java");
        assertThat(p.exe()).isEqualTo("/usr/lib/jvm/java-17/bin/java");
        assertThat(p.cmdline()).containsExactly("/usr/bin/java", "-cp", "a b.jar", "Main");
        assertThat(p.cwd()).isEqualTo("/srv/app dir");
        assertThat(p.createTime()).isCloseTo(1795770142 + 1000 / hz, within(1e-6));
        assertThat(p.uids()).isEqualTo(new Ids(1, 2, 3));
        assertThat(p.gids()).isEqualTo(new Ids(4, 5, 6));
        assertThat(p.status()).isEqualTo(Status.SLEEPING);
        assertThat(p.nice()).isEqualTo(5);
        assertThat(p.numThreads()).isEqualTo(2);
        assertThat(p.threads()).containsExactly(new ThreadTimes(100, 200 / hz, 30 / hz), new ThreadTimes(101, 50 / hz, 10 / hz));
        assertThat(p.cpuTimes()).isEqualTo(new CpuTimes(250 / hz, 40 / hz, 12 / hz, 6 / hz, 17 / hz));
        assertThat(p.memoryInfo()).isEqualTo(new MemoryInfo(300 * page, 2560 * page, 200 * page, 5 * page, 123 * page));
        assertThat(p.memoryPercent()).isCloseTo(300.0 * page * 100 / (24683656L * 1024), within(1e-9));
        assertThat(p.ioCounters()).isEqualTo(new IoCounters(10, 2, 4096, 8192, 6976, 11));
        assertThat(p.numFds()).isEqualTo(6);
        assertThat(p.isRunning()).isTrue();
    }

    @Test
    void aSingleThreadIsReadWithoutListingTasksUnlessItsLeaderEnded() throws Exception {
        // one thread, the leader: its task's stat alone is read (an extra task entry would be listed otherwise)
        Path one = fake.process(500, "worker", 'S', 1, 900, "worker\0");
        write(one.resolve("task/501/stat"), FakeProc.statLine(501, "ghost", 'S', 1, 9, 9, 0, 0, 0, 1, 900, 0, 0, 0));
        assertThat(ps.process(500).threads()).containsExactly(new ThreadTimes(500, 120.0 / hz, 30.0 / hz));
        // the leader ended (a zombie) and one other thread runs: the count is 1, the thread is another
        Path led = fake.process(600, "daemon", 'Z', 1, 950, "");
        write(led.resolve("task/601/stat"), FakeProc.statLine(601, "daemon", 'S', 1, 40, 4, 0, 0, 0, 1, 951, 0, 0, 0));
        assertThat(ps.process(600).threads()).containsExactly(new ThreadTimes(600, 120.0 / hz, 30.0 / hz),
                new ThreadTimes(601, 40.0 / hz, 4.0 / hz));
    }

    @Test
    void usernameComesFromTheUserDatabase() {
        // uid 1 is "daemon" in Debian's base passwd (see proc-samples/passwd-debian12.txt)
        assertThat(Live.passwdName(Samples.text("passwd-debian12.txt"), 1)).isEqualTo("daemon");
        org.junit.jupiter.api.Assumptions.assumeTrue("daemon".equals(Live.passwdName(readEtcPasswd(), 1)),
                "this machine's uid 1 is not daemon");
        assertThat(ps.process(100).username()).isEqualTo("daemon");
        assertThat(ps.process(1).username()).isEqualTo("root");
    }

    private static String readEtcPasswd() {
        try {
            return Files.readString(Path.of("/etc/passwd"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void openFilesAreRegularFilesWithPositionAndMode() {
        List<OpenFile> files = ps.process(100).openFiles();
        assertThat(files).containsExactly(new OpenFile(logFile.toString(), 3, 5, "a", 02102001));
    }

    @Test
    void connectionsMatchSocketInodesToTheNetTables() {
        OsProcess p = ps.process(100);
        assertThat(p.connections()).containsExactlyInAnyOrder(
                new Connection(4, "AF_INET", "SOCK_STREAM", new Address("127.0.0.1", 45783), null, "LISTEN"),
                new Connection(7, "AF_INET6", "SOCK_DGRAM", new Address("::1", 33797), null, "NONE"));
        assertThat(p.connections("tcp")).containsExactly(
                new Connection(4, "AF_INET", "SOCK_STREAM", new Address("127.0.0.1", 45783), null, "LISTEN"));
        assertThat(p.connections("unix")).containsExactly(
                new Connection(5, "AF_UNIX", "SOCK_STREAM", new Address("/tmp/fx/sock path", 0), null, "NONE"));
        assertThat(p.connections("all")).hasSize(3);
        assertThat(p.connections("udp4")).isEmpty();
        assertThatThrownBy(() -> p.connections("carrier-pigeon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carrier-pigeon");
    }

    @Test
    void childrenFromEveryThreadAndRecursively() {
        OsProcess p = ps.process(100);
        assertThat(p.children(false)).extracting(OsProcess::pid).containsExactly(200L, 201L);
        assertThat(p.children(true)).extracting(OsProcess::pid).containsExactly(200L, 201L, 300L);
        // 50 is listed as a child of 200 but started before it: a reused pid, left out as psutil does
        assertThat(ps.process(200).children(false)).extracting(OsProcess::pid).containsExactly(300L);
        assertThat(ps.process(1).children(true)).extracting(OsProcess::pid).containsExactly(100L, 400L, 200L, 201L, 300L);
    }

    @Test
    void nameLongerThanCommComesFromTheCommandLine() {
        assertThat(ps.process(200).name()).isEqualTo("averyveryverylongname");
        OsProcess odd = ps.process(201);
        assertThat(odd.name()).isEqualTo("a) (b");
        assertThat(odd.status()).isEqualTo(Status.STOPPED);
        assertThat(odd.cmdline()).containsExactly("./a) (b", "-v");
        // psutil's rule: a single NUL-terminated argument with spaces is a rewritten title, split on spaces
        write(fake.proc.resolve("201/cmdline"), "./a) (b\0");
        assertThat(ps.process(201).cmdline()).containsExactly("./a)", "(b");
    }

    @Test
    void commOf15CharactersThatIsNotAPrefixOfTheCommandLineStays() {
        write(fake.proc.resolve("200/cmdline"), "python3\0/opt/averyveryverylongname.py\0");
        assertThat(ps.process(200).name()).isEqualTo("averyveryverylo");
    }

    @Test
    void aSocketOnSeveralDescriptorsIsListedAsPsutilListsIt() {
        Path java = fake.proc.resolve("100");
        link(java.resolve("fd/8"), "socket:[6501]"); // dup of fd 4
        link(java.resolve("fd/9"), "socket:[6510]"); // dup of fd 5
        OsProcess p = ps.process(100);
        // inet: once, with the lowest descriptor
        assertThat(p.connections("tcp")).containsExactly(
                new Connection(4, "AF_INET", "SOCK_STREAM", new Address("127.0.0.1", 45783), null, "LISTEN"));
        // unix: once per descriptor
        assertThat(p.connections("unix")).extracting(Connection::fd).containsExactlyInAnyOrder(5, 9);
    }

    @Test
    void anUnboundSocketHasNoLocalAddress() {
        write(fake.proc.resolve("100/net/tcp"), Samples.text("net-tcp-6.x.txt")
                + "   4: 00000000:0000 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 7777 1 0 100 0 0 10 0\n");
        link(fake.proc.resolve("100/fd/8"), "socket:[7777]");
        assertThat(ps.process(100).connections("tcp4")).contains(
                new Connection(8, "AF_INET", "SOCK_STREAM", null, null, "CLOSE"));
    }

    @Test
    void childrenListsThatFormACycleEnd() {
        // the kernel never lists a process as its own child, but lists read at different instants
        // (or a broken tree) may: the recursive walk must still end
        write(fake.proc.resolve("100/task/100/children"), "100 200 ");
        write(fake.proc.resolve("200/task/200/children"), "100 300 ");
        assertThat(ps.process(100).children(true)).extracting(OsProcess::pid).containsExactly(200L, 201L, 300L);
    }

    @Test
    void kernelThreadHasNoExeAndNoCmdline() {
        OsProcess k = ps.process(2);
        assertThat(k.name()).isEqualTo("kthreadd");
        assertThat(k.exe()).isEmpty();
        assertThat(k.cmdline()).isEmpty();
        assertThat(k.ppid()).isZero();
        assertThat(k.parent()).isNull();
        assertThat(k.memoryInfo()).isEqualTo(new MemoryInfo(0, 0, 0, 0, 0));
    }

    @Test
    void zombieAsPsutilReportsIt() {
        OsProcess z = ps.process(300);
        assertThat(z.status()).isEqualTo(Status.ZOMBIE);
        assertThat(z.isRunning()).isTrue();
        assertThat(z.name()).isEqualTo("sleep");
        assertThat(z.cmdline()).isEmpty();
        assertThat(z.ppid()).isEqualTo(200);
        assertThat(z.exe()).isEmpty(); // psutil 5.9.4 returns "" for a zombie's exe
        assertThatThrownBy(z::cwd).isInstanceOf(ZombieProcess.class)
                .satisfies(e -> assertThat(((ZombieProcess) e).ppid()).isEqualTo(200));
    }

    @Test
    void processThatVanishesIsNoSuchProcessAndIsNotRunning() {
        OsProcess p = ps.process(400);
        assertThat(p.name()).isEqualTo("ephemeral");
        fake.delete(400);
        assertThat(p.isRunning()).isFalse();
        assertThatThrownBy(p::ppid).isInstanceOf(NoSuchProcess.class).isNotInstanceOf(ZombieProcess.class)
                .satisfies(e -> assertThat(((NoSuchProcess) e).pid()).isEqualTo(400));
        assertThatThrownBy(p::cmdline).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(p::exe).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(p::memoryInfo).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(p::threads).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(p::openFiles).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(() -> p.children(false)).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(p::kill).isInstanceOf(NoSuchProcess.class);
        assertThat(ps.pidExists(400)).isFalse();
    }

    @Test
    void processesSkipsThoseThatVanishWhileListing() {
        var stream = ps.processes();
        fake.delete(400);
        fake.delete(50);
        assertThat(stream.map(OsProcess::pid).collect(Collectors.toList())).containsExactly(1L, 2L, 100L, 200L, 201L, 300L);
    }

    @Test
    void oneshotProcessesReadTheSameAsAViewOfEachHandle() {
        List<OsProcess> views = ps.oneshotProcesses().collect(Collectors.toList());
        List<OsProcess> handles = ps.processes().collect(Collectors.toList());
        assertThat(views).isEqualTo(handles); // the same identities, in pid order
        for (int i = 0; i < views.size(); i++) {
            OsProcess v = views.get(i), h = handles.get(i).oneshot();
            assertThat(v.name()).isEqualTo(h.name());
            assertThat(v.ppid()).isEqualTo(h.ppid());
            assertThat(v.status()).isEqualTo(h.status());
            assertThat(v.cmdline()).isEqualTo(h.cmdline());
            assertThat(v.cpuTimes()).isEqualTo(h.cpuTimes());
            assertThat(v.createTime()).isEqualTo(h.createTime());
        }
        // a view keeps what it read: a later change of the files does not show through it
        OsProcess java = views.stream().filter(p -> p.pid() == 100).findFirst().orElseThrow();
        write(fake.proc.resolve("100/stat"), FakeProc.statLine(100, "java", 'S', 1, 999, 40, 12, 6, 5, 2, 1000, 3_000_000_000L, 51_200, 17));
        assertThat(java.cpuTimes().user()).isEqualTo(250 / hz);
        assertThat(ps.process(100).cpuTimes().user()).isEqualTo(999 / hz);
    }

    @Test
    void aOneshotProcessReadsAsAViewOfItsHandleAndKeepsWhatItRead() {
        OsProcess v = ps.oneshotProcess(100), h = ps.process(100).oneshot();
        assertThat(v).isEqualTo(ps.process(100));
        assertThat(v.name()).isEqualTo(h.name());
        assertThat(v.cmdline()).isEqualTo(h.cmdline());
        assertThat(v.ppid()).isEqualTo(h.ppid());
        write(fake.proc.resolve("100/stat"), FakeProc.statLine(100, "java", 'S', 1, 999, 40, 12, 6, 5, 2, 1000, 3_000_000_000L, 51_200, 17));
        assertThat(v.cpuTimes().user()).isEqualTo(250 / hz);
        assertThatThrownBy(() -> ps.oneshotProcess(999)).isInstanceOf(NoSuchProcess.class).hasMessageContaining("999");
        assertThatThrownBy(() -> ps.oneshotProcess(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void malformedFilesAreLibraryErrorsNotCrashes() {
        write(fake.proc.resolve("100/stat"), "100 (java) S 1 garbage\n");
        write(fake.proc.resolve("100/statm"), "x y z\n");
        write(fake.proc.resolve("1/task/1/children"), "100 abc ");
        OsProcess p = ps.process(200);
        assertThatThrownBy(() -> ps.process(100)).isInstanceOf(JpsutilException.class).hasMessageContaining("stat");
        assertThatThrownBy(() -> ps.process(1).children(false)).isInstanceOf(JpsutilException.class).hasMessageContaining("abc");
        write(fake.proc.resolve("200/io"), "rchar: 1\n");
        assertThatThrownBy(p::ioCounters).isInstanceOf(JpsutilException.class).hasMessageContaining("syscr");
    }

    // ---- system -------------------------------------------------------------------------------

    @Test
    void systemCpuBootAndCount() {
        SystemCpuTimes t = ps.cpuTimes();
        assertThat(t).isEqualTo(new SystemCpuTimes(6801 / hz, 10 / hz, 1606 / hz, 90084 / hz, 205 / hz, 3 / hz, 70 / hz,
                59 / hz, 7 / hz, 1 / hz));
        assertThat(ps.bootTime()).isEqualTo(1795770142.0);
        assertThat(ps.cpuCount()).isEqualTo(5);
        assertThat(ps.cpuCount(false)).isEqualTo(-1); // no topology in this tree
        write(fake.sys.resolve("devices/system/cpu/cpu0/topology/core_cpus_list"), "0-1\n");
        write(fake.sys.resolve("devices/system/cpu/cpu1/topology/core_cpus_list"), "0-1\n");
        write(fake.sys.resolve("devices/system/cpu/cpu2/topology/thread_siblings_list"), "2\n");
        assertThat(ps.cpuCount(false)).isEqualTo(2);
    }

    @Test
    void cpuPercentBetweenTwoReadings() {
        assertThat(ps.cpuPercent()).isZero(); // nothing changed since the object was made
        write(fake.proc.resolve("stat"), "cpu  6831 10 1616 90144 205 3 70 59 7 1\nbtime 1795770142\n");
        // busy +40 ticks (user 30, system 10) of +100 in all
        assertThat(ps.cpuPercent()).isEqualTo(40.0);
        assertThat(ps.cpuPercent()).isZero();
    }

    @Test
    void memoryAsPsutilComputesIt() {
        // expected values: psutil 5.9.4 (Debian's python3-psutil) with PROCFS_PATH pointed at the same files
        assertThat(ps.virtualMemory()).isEqualTo(new VirtualMemory(25276063744L, 25027756032L, 1.0, 53936128L,
                25085337600L, 59924480L, 54882304L, 1441792L, 135348224L, 9166848L, 37781504L));
        assertThat(ps.swapMemory()).isEqualTo(new SwapMemory(0, 0, 0, 0.0, 409600, 1024000));

        write(fake.proc.resolve("meminfo"), Samples.text("meminfo-3.13-handwritten.txt"));
        write(fake.proc.resolve("zoneinfo"), Samples.text("zoneinfo-3.13-handwritten.txt"));
        assertThat(ps.virtualMemory()).isEqualTo(new VirtualMemory(2099048448L, 1259442176L, 40.0, 649019392L,
                209321984L, 922025984L, 762617856L, 105852928L, 1134854144L, 13705216L, 155377664L));
        assertThat(ps.swapMemory()).isEqualTo(new SwapMemory(2145382400L, 3964928L, 2141417472L, 0.2, 409600, 1024000));
    }

    // ---- pid reuse ----------------------------------------------------------

    private Popen child;

    @AfterEach
    void reap() throws Exception {
        if (child != null) {
            child.process().destroyForcibly();
            child.process().waitFor();
        }
    }

    /**
     * A handle on pid N, then N's stat gets a new start time: the handle is not running and refuses
     * every mutating call. N is the pid of a real `sleep` child, so a call that skipped the identity
     * check would reach a real process through the kernel: the child must come out untouched.
     */
    @Test
    void reusedPidIsNeverActedOn() throws Exception {
        child = Psutil.local().start(new ProcessBuilder("sleep", "30"));
        long pid = child.pid();
        OsProcess real = Psutil.local().process(pid);
        Ionice ioniceBefore = real.ionice();
        fake.process(pid, "sleep", 'S', 1, 7000, "sleep\u000030\u0000");
        OsProcess handle = ps.process(pid);
        assertThat(handle.isRunning()).isTrue();

        // control: with the identity intact, a call on the fake tree's handle reaches the real pid
        handle.setNice(3);
        assertThat(real.nice()).isEqualTo(3);

        // the pid is reused: same pid, another start time
        write(fake.proc.resolve(pid + "/stat"),
                FakeProc.statLine(pid, "intruder", 'S', 1, 0, 0, 0, 0, 0, 1, 9000, 0, 0, 0));
        assertThat(handle.isRunning()).isFalse();
        assertThatThrownBy(() -> handle.sendSignal(Signals.SIGTERM)).isInstanceOf(NoSuchProcess.class)
                .hasMessageContaining("another process");
        assertThatThrownBy(() -> handle.sendSignal(0)).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(handle::suspend).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(handle::resume).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(handle::terminate).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(handle::kill).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(() -> handle.setNice(10)).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(() -> handle.setIonice(IoClass.IDLE, 0)).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(handle::ionice).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(handle::name).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(handle::cpuTimes).isInstanceOf(NoSuchProcess.class);

        // a new handle sees the new owner
        OsProcess fresh = ps.process(pid);
        assertThat(fresh.name()).isEqualTo("intruder");
        assertThat(fresh).isNotEqualTo(handle);

        // nothing reached the real child: alive, not stopped, nice and I/O class unchanged
        Thread.sleep(100);
        assertThat(child.process().isAlive()).isTrue();
        String state = Files.readString(Path.of("/proc/" + pid + "/stat"));
        assertThat(state.substring(state.lastIndexOf(')') + 2).charAt(0)).isEqualTo('S');
        assertThat(real.nice()).isEqualTo(3);
        assertThat(real.ionice()).isEqualTo(ioniceBefore);
    }

    @Test
    void fullMemoryFromSmapsWhereTheKernelHasNoRollup() {
        // a kernel before 4.14: smaps only; the JVM's smaps adds up to the uss psutil read from its rollup
        Path java = fake.proc.resolve("100");
        write(java.resolve("smaps"), Samples.text("smaps-6.x-jvm.txt"));
        MemoryFullInfo f = ps.process(100).memoryFullInfo();
        assertThat(f.uss()).isEqualTo(24969216L);
        assertThat(f.swap()).isZero();
        assertThat(f.rss()).isEqualTo(300 * page);
        // with the rollup, its figures are taken as they stand
        write(java.resolve("smaps_rollup"), Samples.text("smaps_rollup-6.x-jvm.txt"));
        assertThat(ps.process(100).memoryFullInfo().pss())
                .isEqualTo(Long.parseLong(Samples.text("smaps_rollup-6.x-jvm.txt").split("\nPss: +")[1].split(" ")[0]) * 1024);
    }
}
