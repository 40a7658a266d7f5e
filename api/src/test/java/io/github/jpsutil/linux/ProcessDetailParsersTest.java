package io.github.jpsutil.linux;

import io.github.jpsutil.CtxSwitches;
import io.github.jpsutil.MemoryInfoEx;
import io.github.jpsutil.MemoryMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parsers of today's psutil values on real samples (see proc-samples/README.md): smaps and
 * smaps_rollup of a stopped JVM, smaps with a deleted file and anonymous memory, status with every
 * Vm line, an environment with bytes that are not UTF-8. Where psutil 5.9.4 read the same stopped
 * process when the sample was taken, its answer is the expected value.
 */
class ProcessDetailParsersTest {
    private static final long KB = 1024;

    @Test
    void rollupOfAJvmGivesWhatPsutilGave() {
        // psutil's memory_full_info() of that JVM: uss=24969216, swap=0 (its pss, 27027456, was read a moment
        // later: a process' pss moves as other processes map and unmap the pages it shares)
        String rollup = Samples.text("smaps_rollup-6.x-jvm.txt");
        assertThat(Smaps.totals(rollup)).containsExactly(24969216L, Fields.keyValues(rollup).get("Pss"), 0L);
    }

    @Test
    void smapsOfTheSameJvmAddsUpToItsRollup() {
        long[] rollup = Smaps.totals(Samples.text("smaps_rollup-6.x-jvm.txt"));
        String smaps = Samples.text("smaps-6.x-jvm.txt");
        long[] summed = Smaps.totals(smaps);
        assertThat(summed[0]).isEqualTo(rollup[0]);
        assertThat(summed[2]).isEqualTo(rollup[2]);
        // per-mapping Pss lines are rounded down to a kB, the rollup's sum is not
        int mappings = Smaps.maps(smaps, false, ProcessDetails::mapPath).size();
        assertThat(summed[1]).isBetween(rollup[1] - mappings * KB, rollup[1]);
    }

    @Test
    void mapsAddUpTheSameTotalsAsTheSmapsParser() {
        for (String sample : List.of("smaps-6.x-jvm.txt", "smaps-6.x-python-deleted-anon.txt")) {
            byte[] smaps = Samples.text(sample).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long[] expected = Smaps.totals(smaps, smaps.length);
            for (boolean grouped : new boolean[]{true, false}) {
                long[] totals = new long[3];
                Smaps.maps(smaps, smaps.length, grouped, ProcessDetails::mapPath, totals);
                assertThat(totals).as(sample + (grouped ? " grouped" : "")).containsExactly(expected);
            }
        }
    }

    @Test
    void mapsOfAJvmCountAsPsutilCountedThem() {
        String smaps = Samples.text("smaps-6.x-jvm.txt");
        // psutil: 36 paths grouped, 168 mappings
        List<MemoryMap> grouped = Smaps.maps(smaps, true, ProcessDetails::mapPath);
        List<MemoryMap> all = Smaps.maps(smaps, false, ProcessDetails::mapPath);
        assertThat(grouped).hasSize(36);
        assertThat(all).hasSize(168);
        assertThat(grouped).allMatch(m -> m.addr() == null && m.perms() == null);
        assertThat(all).allMatch(m -> m.addr().matches("[0-9a-f]+-[0-9a-f]+") && m.perms().matches("[r-][w-][x-][ps]"));
        // grouping adds up: the rss of all mappings equals the grouped rss, path by path
        for (MemoryMap g : grouped)
            assertThat(all.stream().filter(m -> m.path().equals(g.path())).mapToLong(MemoryMap::rss).sum())
                    .as(g.path()).isEqualTo(g.rss());
        assertThat(grouped.stream().map(MemoryMap::path)).contains("[anon]", "[heap]", "[stack]")
                .anyMatch(p -> p.endsWith("/libjvm.so"));
    }

    @Test
    void deletedFileAndAnonymousMemoryAsPsutilShowsThem() {
        String smaps = Samples.text("smaps-6.x-python-deleted-anon.txt");
        List<MemoryMap> grouped = Smaps.maps(smaps, true, ProcessDetails::mapPath);
        assertThat(grouped).hasSize(19);
        assertThat(Smaps.maps(smaps, false, ProcessDetails::mapPath)).hasSize(52);
        // psutil: the deleted file under its name without " (deleted)", spaces kept
        assertThat(grouped).contains(new MemoryMap(null, null, "/tmp/pv/map me.bin", 65536, 65536, 65536, 0, 0, 0, 65536,
                65536, 0, 0));
        assertThat(grouped).contains(new MemoryMap(null, null, "[anon]", 999424, 2867200, 999424, 0, 0, 0, 999424,
                999424, 999424, 0));
        assertThat(Smaps.maps(smaps, false, ProcessDetails::mapPath)).contains(new MemoryMap("7fe79b6cf000-7fe79b6df000",
                "rw-s", "/tmp/pv/map me.bin", 65536, 65536, 65536, 0, 0, 0, 65536, 65536, 0, 0));
        // the last mapping counts whether or not a newline ends the file
        String unterminated = smaps.stripTrailing();
        for (boolean g : new boolean[]{true, false})
            assertThat(Smaps.maps(unterminated, g, ProcessDetails::mapPath)).isEqualTo(Smaps.maps(smaps, g, ProcessDetails::mapPath));
    }

    @Test
    void aPathThatExistsKeepsItsDeletedSuffix() {
        assertThat(ProcessDetails.mapPath("  /no/such/file (deleted)")).isEqualTo("/no/such/file");
        assertThat(ProcessDetails.mapPath("")).isEqualTo("[anon]");
        assertThat(ProcessDetails.mapPath("/proc/self/stat")).isEqualTo("/proc/self/stat");
    }

    @Test
    void anEmptyAddressSpaceIsZero() {
        assertThat(Smaps.totals("")).containsExactly(0L, 0L, 0L);
        assertThat(Smaps.maps("", true, ProcessDetails::mapPath)).isEmpty();
    }

    @Test
    void malformedSmapsIsAParseError() {
        assertThatThrownBy(() -> Smaps.totals("Pss: 4 kB\n")).isInstanceOf(ParseError.class).hasMessageContaining("before");
        assertThatThrownBy(() -> Smaps.totals("00-10 r--p 0 00:00 0\nPss: 4 MB\n")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> Smaps.maps("nonsense\n", true, ProcessDetails::mapPath)).isInstanceOf(ParseError.class);
    }

    @Test
    void statusOfAJvmHasEveryMemoryFigure() {
        StatusDetail d = StatusDetail.parse(Samples.text("status-6.x-jvm.txt"));
        Map<String, Long> kv = Fields.keyValues(Samples.text("status-6.x-jvm.txt"));
        assertThat(d.memory()).isEqualTo(new MemoryInfoEx(kv.get("VmHWM"), kv.get("VmPeak"), kv.get("RssAnon"),
                kv.get("RssFile"), kv.get("RssShmem"), kv.get("VmLck"), kv.get("VmSwap"), kv.get("VmPTE")));
        assertThat(d.memory().peakRss()).isGreaterThan(8 << 20); // the JVM filled an 8 MiB array
        assertThat(d.memory().rssAnon() + d.memory().rssFile() + d.memory().rssShmem()).isEqualTo(kv.get("VmRSS"));
        assertThat(d.ctxSwitches()).isEqualTo(new CtxSwitches(kv.get("voluntary_ctxt_switches"),
                kv.get("nonvoluntary_ctxt_switches")));
        assertThat(d.cpusAllowed()).containsExactly(0, 1);
    }

    @Test
    void statusOfAKernelThreadAndAZombieHaveNoMemory() {
        for (String s : List.of("status-6.x-kthreadd.txt", "status-6.x-zombie.txt")) {
            StatusDetail d = StatusDetail.parse(Samples.text(s));
            assertThat(d.memory()).as(s).isEqualTo(new MemoryInfoEx(0, 0, 0, 0, 0, 0, 0, 0));
            assertThat(d.ctxSwitches().voluntary() + d.ctxSwitches().involuntary()).as(s).isPositive();
        }
    }

    @Test
    void statusWithoutContextSwitchesIsAParseError() {
        assertThatThrownBy(() -> StatusDetail.parse("Name:\tx\nCpus_allowed_list:\t0\n")).isInstanceOf(ParseError.class)
                .hasMessageContaining("voluntary_ctxt_switches");
    }

    @Test
    void cpuLists() {
        assertThat(Fields.cpuList("0-3,8,10-11\n")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(Fields.cpuList("5")).containsExactly(5);
        assertThat(Fields.cpuList("1,1,0")).containsExactly(0, 1);
        assertThatThrownBy(() -> Fields.cpuList("3-1")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> Fields.cpuList("99999999999")).isInstanceOf(ParseError.class);
        assertThat(Fields.cpuList("0-4,2-6")).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> Fields.cpuList("1-")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> Fields.cpuList("")).isInstanceOf(ParseError.class);
    }

    @Test
    void cpuListsReadInPlaceAgreeWithTheGeneralParser() {
        // the kernel's ascending, separate ranges are read in place; any other list by the general
        // parser: both must give the same CPUs, or the same error, for any list
        java.util.Random r = new java.util.Random(14);
        for (int i = 0; i < 2000; i++) {
            StringBuilder list = new StringBuilder();
            int parts = 1 + r.nextInt(4);
            for (int p = 0; p < parts; p++) {
                if (p > 0) list.append(',');
                int lo = r.nextInt(20);
                list.append(lo);
                if (r.nextBoolean()) list.append('-').append(lo + r.nextInt(6) - 1);
            }
            String text = list.toString();
            Object general, inPlace;
            try {
                general = java.util.Arrays.toString(generalCpuList(text));
            } catch (ParseError e) {
                general = ParseError.class;
            }
            try {
                byte[] b = text.getBytes(StandardCharsets.US_ASCII);
                inPlace = java.util.Arrays.toString(Fields.cpuList(b, 0, b.length));
            } catch (ParseError e) {
                inPlace = ParseError.class;
            }
            assertThat(inPlace).as(text).isEqualTo(general);
        }
    }

    /** The CPUs of a list as a set of every number in its ranges, after the form check (the general parser's meaning). */
    private static int[] generalCpuList(String text) {
        Fields.cpuListCount(text);
        java.util.TreeSet<Integer> cpus = new java.util.TreeSet<>();
        for (String part : text.split(",")) {
            String[] ends = part.split("-");
            for (int c = Integer.parseInt(ends[0]); c <= Integer.parseInt(ends[ends.length - 1]); c++) cpus.add(c);
        }
        return cpus.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void environWithOddBytes() {
        String raw = new String(Samples.bytes("environ-6.x-odd-bytes.bin"), StandardCharsets.UTF_8);
        Map<String, String> env = Fields.environ(raw);
        // psutil: {'ODD': '\udcff\udcfe café', 'EMPTY': '', 'EQ': 'a=b=c', 'PATH': '/usr/bin:/bin', 'UNICODE_é': '中'};
        // bytes that are not UTF-8 become U+FFFD here, where Python keeps them as surrogate escapes
        assertThat(env).containsExactly(Map.entry("ODD", "\uFFFD\uFFFD café"), Map.entry("EMPTY", ""),
                Map.entry("EQ", "a=b=c"), Map.entry("PATH", "/usr/bin:/bin"), Map.entry("UNICODE_é", "中"));
    }

    @Test
    void environEntriesWithoutNameOrTerminatorAreLeftOut() {
        assertThat(Fields.environ("A=1\0=nokey\0noequals\0B=2\0C=unterminated")).containsExactly(Map.entry("A", "1"),
                Map.entry("B", "2"));
        assertThat(Fields.environ("A=1\0A=2\0")).containsExactly(Map.entry("A", "2"));
        assertThat(Fields.environ("")).isEmpty();
    }

    @Test
    void statKeepsTerminalAndCpu() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-cat.txt"));
        String[] f = Samples.text("stat-6.x-cat.txt").substring(Samples.text("stat-6.x-cat.txt").lastIndexOf(')') + 2).split(" ");
        assertThat(s.ttyNr()).isEqualTo(Long.parseLong(f[7 - 3]));
        assertThat(s.processor()).isEqualTo(Integer.parseInt(f[39 - 3]));
        assertThat(PidStat.parse(Samples.text("stat-2.4-handwritten.txt")).processor()).isIn(-1, 0, 1);
    }
}
