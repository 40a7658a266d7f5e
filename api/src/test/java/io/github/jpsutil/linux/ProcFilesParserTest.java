package io.github.jpsutil.linux;

import io.github.jpsutil.Ids;
import io.github.jpsutil.JpsutilException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small /proc formats: status, statm, io, meminfo, /proc/stat, cpu lists, cmdline, fdinfo, auxv, passwd. */
class ProcFilesParserTest {

    // ---- status -------------------------------------------------------------------------------

    @Test
    void aPendingSigkillIsBit8OfSigPndOrShdPnd() {
        assertThat(PidStatus.sigkillPending(Samples.text("status-6.x-frozen-sigkill-pending.txt"))).isTrue();
        assertThat(PidStatus.sigkillPending(Samples.text("status-6.x-cat.txt"))).isFalse();
        assertThat(PidStatus.sigkillPending(Samples.text("status-2.6.18-handwritten.txt"))).isFalse();
        assertThat(PidStatus.sigkillPending("Name:\tx\n")).as("no such lines").isFalse();
        assertThat(PidStatus.sigkillPending("SigPnd:\t0000000000000000\nShdPnd:\t0000000000000100\n")).as("the process' own").isTrue();
        assertThat(PidStatus.sigkillPending("SigPnd:\t0000000000000300\nShdPnd:\t0000000000000000\n")).as("the thread's, with SIGUSR1").isTrue();
        assertThat(PidStatus.sigkillPending("SigPnd:\t0000000000000080\nShdPnd:\t0000000000004000\n")).as("SIGFPE and SIGTERM only").isFalse();
        assertThatThrownBy(() -> PidStatus.sigkillPending("SigPnd:\t00000000000zz00\n")).isInstanceOf(JpsutilException.class);
    }

    @Test
    void statusOfAProcess() {
        PidStatus s = PidStatus.parse(Samples.text("status-6.x-cat.txt"));
        assertThat(s.tgid()).isEqualTo(4135);
        assertThat(s.uids()).isEqualTo(new Ids(0, 0, 0));
        assertThat(s.gids()).isEqualTo(new Ids(0, 0, 0));
        assertThat(s.threads()).isEqualTo(1);
    }

    @Test
    void statusKeepsRealEffectiveSavedApart() {
        PidStatus s = PidStatus.parse(Samples.text("status-6.x-setresuid-1-2-3.txt"));
        assertThat(s.uids()).isEqualTo(new Ids(1, 2, 3));
        assertThat(s.gids()).isEqualTo(new Ids(4, 5, 6));
    }

    @Test
    void statusOfKernelThreadZombieAndOldKernel() {
        assertThat(PidStatus.parse(Samples.text("status-6.x-kthreadd.txt")).tgid()).isEqualTo(2);
        PidStatus z = PidStatus.parse(Samples.text("status-6.x-zombie.txt"));
        assertThat(z.tgid()).isEqualTo(4101);
        assertThat(z.threads()).isEqualTo(1);
        PidStatus old = PidStatus.parse(Samples.text("status-2.6.18-handwritten.txt"));
        assertThat(old.tgid()).isEqualTo(2345);
        assertThat(old.uids()).isEqualTo(new Ids(48, 48, 48));
        assertThat(old.threads()).isEqualTo(1);
    }

    @Test
    void statusMissingLinesIsAParseError() {
        assertThatThrownBy(() -> PidStatus.parse("Name:\tx\nTgid:\t5\n"))
                .isInstanceOf(JpsutilException.class).hasMessageContaining("Uid");
        assertThatThrownBy(() -> PidStatus.parse("Tgid:\t5\nUid:\t1 2\nGid:\t1 2 3 4\nThreads:\t1\n"))
                .isInstanceOf(JpsutilException.class).hasMessageContaining("Uid");
    }

    // ---- statm, io, meminfo -----------------------------------------------------------------

    @Test
    void statm() {
        assertThat(Fields.numbers(Samples.text("statm-6.x.txt"), 7, "statm"))
                .containsExactly(765, 403, 375, 5, 0, 123, 0);
        assertThatThrownBy(() -> Fields.numbers("765 403 375", 7, "statm")).isInstanceOf(JpsutilException.class);
        assertThatThrownBy(() -> Fields.numbers("765 x 375 1 1 1 1", 7, "statm")).isInstanceOf(JpsutilException.class);
    }

    @Test
    void io() {
        Map<String, Long> m = Fields.keyValues(Samples.text("io-6.x-python-wrote-1MiB.txt"));
        assertThat(m).containsEntry("rchar", 2734448L).containsEntry("wchar", 1050307L)
                .containsEntry("syscr", 668L).containsEntry("syscw", 30L)
                .containsEntry("read_bytes", 0L).containsEntry("write_bytes", 1052672L)
                .containsEntry("cancelled_write_bytes", 0L);
    }

    /**
     * The values of chosen keys, read in one pass where every line is "key: digits", are what the
     * general key-value parser gives, on the kernel's io and on lines of other forms mixed in.
     */
    @Test
    void valuesOfPlainLinesAreThoseOfTheGeneralParser() {
        String io = Samples.text("io-6.x-python-wrote-1MiB.txt");
        String[] keys = {"syscr", "syscw", "read_bytes", "write_bytes", "rchar", "wchar"};
        java.util.Random r = new java.util.Random(12);
        String[] odd = {"rchar:\t5\n", "syscr: 7 kB\n", "wchar: -3\n", " syscw: 9\n", "read_bytes: 12345678901234567890\n",
                "\n", "write_bytes:42\n", "rchar: 08\n", "x y: 1\n", ": 3\n", "syscw:\n", "wchar: 4 \n"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder(io);
            if (i > 0) text.insert(text.indexOf("\n", r.nextInt(io.length())) + 1, odd[r.nextInt(odd.length)]);
            if (i % 3 == 0) text.append(odd[r.nextInt(odd.length)]);
            String t = text.toString();
            byte[] b = t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Map<String, Long> general = Fields.keyValues(t);
            long[] v = Fields.values(b, b.length, keys, "io");
            for (int k = 0; k < keys.length; k++) assertThat(v[k]).as(keys[k] + " in " + t).isEqualTo(general.get(keys[k]));
        }
    }

    @Test
    void meminfoUnitsBecomeBytes() {
        Map<String, Long> m = Fields.keyValues(Samples.text("meminfo-6.x.txt"));
        assertThat(m.get("MemTotal")).isEqualTo(24683656L * 1024);
        assertThat(m.get("MemAvailable")).isEqualTo(24441168L * 1024);
        assertThat(m.get("Active(file)")).isNotNull();
        assertThat(m.get("HugePages_Total")).isZero(); // no unit: a count, not kB
        assertThat(m.get("Hugepagesize")).isEqualTo(2048L * 1024);
        assertThatThrownBy(() -> Fields.require(m, "NoSuchKey", "/proc/meminfo"))
                .isInstanceOf(JpsutilException.class).hasMessageContaining("NoSuchKey");
    }

    @Test
    void meminfoOfOldKernelHasNoMemAvailable() {
        Map<String, Long> m = Fields.keyValues(Samples.text("meminfo-3.13-handwritten.txt"));
        assertThat(m).doesNotContainKey("MemAvailable").containsEntry("SwapFree", 2091228L * 1024);
    }

    // ---- /proc/stat -------------------------------------------------------------------------

    @Test
    void systemStat6x() {
        CpuStat s = CpuStat.parse(Samples.text("stat-system-6.x.txt"));
        assertThat(s.ticks()).containsExactly(6801, 0, 1606, 90084, 205, 0, 70, 59, 0, 0);
        assertThat(s.bootTime()).isEqualTo(1795770142L);
    }

    @Test
    void systemStatOfOldKernelsPadsMissingFieldsWithZero() {
        CpuStat s = CpuStat.parse(Samples.text("stat-system-2.6.9-handwritten.txt"));
        assertThat(s.ticks()).containsExactly(2255, 34, 2290, 22625563, 6290, 127, 456, 0, 0, 0);
        assertThat(s.bootTime()).isEqualTo(1062191376L);
        CpuStat s24 = CpuStat.parse(Samples.text("stat-system-2.4-handwritten.txt"));
        assertThat(s24.ticks()).containsExactly(1279636934L, 73759586L, 192327563L, 12184330186L, 0, 0, 0, 0, 0, 0);
        assertThat(s24.bootTime()).isEqualTo(769041601L);
    }

    @Test
    void systemStatWithoutCpuOrBtimeIsAParseError() {
        assertThatThrownBy(() -> CpuStat.parse("btime 5\n")).isInstanceOf(JpsutilException.class).hasMessageContaining("cpu");
        assertThatThrownBy(() -> CpuStat.parse("cpu  1 2 3 4\n")).isInstanceOf(JpsutilException.class).hasMessageContaining("btime");
        assertThatThrownBy(() -> CpuStat.parse("cpu  1 2 3\nbtime 5\n")).isInstanceOf(JpsutilException.class);
    }

    // ---- cpu lists ----------------------------------------------------------------------------

    @Test
    void cpuLists() {
        assertThat(Fields.cpuListCount(Samples.text("cpu-online-6.x.txt"))).isEqualTo(2);
        assertThat(Fields.cpuListCount("0\n")).isEqualTo(1);
        assertThat(Fields.cpuListCount("0-3,8,10-11\n")).isEqualTo(7);
        assertThat(Fields.cpuListCount("0-63")).isEqualTo(64);
        assertThatThrownBy(() -> Fields.cpuListCount("")).isInstanceOf(JpsutilException.class);
        assertThatThrownBy(() -> Fields.cpuListCount("3-1")).isInstanceOf(JpsutilException.class);
        assertThatThrownBy(() -> Fields.cpuListCount("0-x")).isInstanceOf(JpsutilException.class);
    }

    // ---- cmdline (psutil 5.9.4's rules) ------------------------------------------------------

    @Test
    void cmdlineNulSeparatedWithTrailingNul() {
        assertThat(Fields.cmdline("sleep\u000030\u0000")).containsExactly("sleep", "30");
        assertThat(Fields.cmdline("sh\u0000-c\u0000echo a b\u0000")).containsExactly("sh", "-c", "echo a b");
        assertThat(Fields.cmdline("a\u0000\u0000b\u0000")).containsExactly("a", "", "b");
    }

    @Test
    void cmdlineEmptyForKernelThreadsAndZombies() {
        assertThat(Fields.cmdline("")).isEmpty();
    }

    @Test
    void cmdlineRewrittenTitleIsSplitOnSpaces() {
        // setproctitle() style: one string with spaces, NUL-terminated (psutil issue 1179)
        assertThat(Fields.cmdline("/opt/chrome --type=renderer --lang=en\u0000"))
                .containsExactly("/opt/chrome", "--type=renderer", "--lang=en");
        // ... or not NUL-terminated at all
        assertThat(Fields.cmdline("nginx: worker process"))
                .containsExactly("nginx:", "worker", "process");
        assertThat(Fields.cmdline("postgres: checkpointer ")).containsExactly("postgres:", "checkpointer");
    }

    @Test
    void cmdlineSingleArgument() {
        assertThat(Fields.cmdline("/sbin/init\u0000")).containsExactly("/sbin/init");
    }

    // ---- fdinfo -------------------------------------------------------------------------------

    @Test
    void fdinfoFlagsAndModes() {
        String[][] cases = {{"r", "r", "02100000"}, {"w", "w", "02100001"}, {"a", "a", "02102001"},
                {"rplus", "r+", "02100002"}, {"wplus", "r+", "02100002"}, {"aplus", "a+", "02102002"}};
        for (String[] c : cases) {
            String text = Samples.text("fdinfo-6.x-mode-" + c[0] + ".txt");
            long flags = ProcessDescriptors.fdinfoFlags(text);
            assertThat(flags).as(c[0]).isEqualTo(Long.parseLong(c[2], 8));
            assertThat(ProcessDescriptors.fileMode((int) flags)).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(Fields.keyValues(Samples.text("fdinfo-6.x-mode-a.txt"))).containsEntry("pos", 5L);
        assertThatThrownBy(() -> ProcessDescriptors.fdinfoFlags("pos:\t0\n")).isInstanceOf(JpsutilException.class);
        assertThatThrownBy(() -> ProcessDescriptors.fdinfoFlags("flags:\t0x9\n")).isInstanceOf(JpsutilException.class);
    }

    // ---- auxv -------------------------------------------------------------------------------

    @Test
    void auxvPageSizeAndClockTicks() {
        byte[] auxv = Samples.bytes("auxv-6.x-x86_64.bin");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN,
                "the sample is little-endian x86_64 and auxv is read in native order");
        assertThat(Auxv.find(auxv, Auxv.AT_PAGESZ, 8)).isEqualTo(4096);
        assertThat(Auxv.find(auxv, Auxv.AT_CLKTCK, 8)).isEqualTo(100);
        assertThat(Auxv.find(auxv, 9999, 8)).isEqualTo(-1);
        assertThat(Auxv.find(java.util.Arrays.copyOf(auxv, 40), Auxv.AT_CLKTCK, 8)).isEqualTo(-1);
        assertThat(Auxv.find(new byte[0], Auxv.AT_PAGESZ, 8)).isEqualTo(-1);
        // 32-bit layout: (type, value) pairs of 4-byte words
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(Auxv.AT_CLKTCK).putInt(250).putInt(Auxv.AT_PAGESZ).putInt(16384).putInt(0).putInt(0);
        assertThat(Auxv.find(b.array(), Auxv.AT_PAGESZ, 4)).isEqualTo(16384);
        assertThat(Auxv.find(b.array(), Auxv.AT_CLKTCK, 4)).isEqualTo(250);
    }

    // ---- passwd -----------------------------------------------------------------------------

    @Test
    void passwd() {
        Map<Long, String> p = Passwd.parse(Samples.text("passwd-debian12.txt"));
        assertThat(p).containsEntry(0L, "root").containsEntry(65534L, "nobody").containsEntry(4L, "sync");
        Map<Long, String> odd = Passwd.parse("# comment\n\nbad line\nx:x:notanumber:1::/:/bin/sh\n"
                + "first:x:1000:1000::/:/bin/sh\nsecond:x:1000:1000::/:/bin/sh\n+::::::\n");
        assertThat(odd).containsOnly(Map.entry(1000L, "first"));
    }

    @Test
    void cmdlineKeepsAllArgumentsOfARealProcess() {
        // a real NUL-separated command line as the kernel writes it for `java -cp a:b Main x`
        List<String> args = Fields.cmdline("java\u0000-cp\u0000a:b\u0000Main\u0000x\u0000");
        assertThat(args).containsExactly("java", "-cp", "a:b", "Main", "x");
    }
}
