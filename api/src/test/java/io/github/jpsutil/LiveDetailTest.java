package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Today's psutil values read live from real processes, each checked against another reader of the
 * same fact: procps, util-linux's taskset, the kernel's own files, what the test did to the child.
 */
class LiveDetailTest {
    private final Live live = new Live();

    @AfterEach
    void reap() throws InterruptedException {
        live.reapAll();
    }

    @Test
    void contextSwitchesGrowAndMatchStatus() {
        long pid = ProcessHandle.current().pid();
        long before = Long.parseLong(Live.status(pid, "voluntary_ctxt_switches"));
        CtxSwitches c = OsProcess.self().numCtxSwitches();
        Live.run("true"); // waiting for a child: voluntary switches of this thread
        long after = Long.parseLong(Live.status(pid, "voluntary_ctxt_switches"));
        assertThat(c.voluntary()).isBetween(before, after);
        Popen p = live.start("sleep", "30");
        Live.await("sleep settles", Duration.ofSeconds(10), () -> Live.status(p.pid(), "State").startsWith("S"));
        CtxSwitches s = OsProcess.of(p.pid()).numCtxSwitches();
        assertThat(s.voluntary()).isEqualTo(Long.parseLong(Live.status(p.pid(), "voluntary_ctxt_switches")));
        assertThat(s.involuntary()).isEqualTo(Long.parseLong(Live.status(p.pid(), "nonvoluntary_ctxt_switches")));
    }

    @Test
    void cpuNumAndAffinityAsProcpsAndTasksetSayThem() {
        Popen p = live.start("taskset", "-c", "1", "sleep", "30");
        Live.await("taskset execs sleep", Duration.ofSeconds(10), () -> Live.stat(p.pid())[2].equals("sleep"));
        OsProcess proc = OsProcess.of(p.pid());
        assertThat(proc.cpuAffinity()).containsExactly(1);
        assertThat(proc.cpuNum()).isEqualTo(Integer.parseInt(Live.ps(p.pid(), "psr")));
        String taskset = Live.run("taskset", "-pc", Long.toString(ProcessHandle.current().pid())).trim();
        assertThat(OsProcess.self().cpuAffinity()).isEqualTo(cpus(taskset.substring(taskset.lastIndexOf(' ') + 1)));
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(OsProcess.self().cpuNum()).isBetween(0, cpus - 1);
    }

    /** The CPUs of taskset's list ("0,1" or "0-3,5"). */
    private static List<Integer> cpus(String tasksetList) {
        List<Integer> out = new java.util.ArrayList<>();
        for (String part : tasksetList.split(",")) {
            String[] r = part.split("-");
            for (int c = Integer.parseInt(r[0]); c <= Integer.parseInt(r[r.length - 1]); c++) out.add(c);
        }
        return out;
    }

    @Test
    void terminalOfAProcessUnderAPseudoTerminal() {
        Popen p = live.start("script", "-qfc", "sleep 30", "/dev/null");
        Live.await("script starts sleep", Duration.ofSeconds(10), () -> OsProcess.of(p.pid()).children(true).stream()
                .anyMatch(c -> c.name().equals("sleep")));
        OsProcess sleep = OsProcess.of(p.pid()).children(true).stream().filter(c -> c.name().equals("sleep")).findFirst().orElseThrow();
        String tty = Live.ps(sleep.pid(), "tty"); // pts/N
        assertThat(tty).startsWith("pts/");
        assertThat(sleep.terminal()).isEqualTo("/dev/" + tty);
        assertThat(OsProcess.of(p.pid()).terminal()).as("script itself has none").isEqualTo(nullIfNone(Live.ps(p.pid(), "tty")));
        assertThat(OsProcess.of(2).terminal()).isNull();
    }

    private static String nullIfNone(String psTty) {
        return psTty.equals("?") ? null : "/dev/" + psTty;
    }

    @Test
    void parentsUpToTheFirstProcess() {
        Popen p = live.start("sh", "-c", "sleep 30; true");
        Live.await("sh starts sleep", Duration.ofSeconds(10), () -> !OsProcess.of(p.pid()).children(false).isEmpty());
        OsProcess sleep = OsProcess.of(p.pid()).children(false).get(0);
        List<Long> chain = sleep.parents().stream().map(OsProcess::pid).toList();
        assertThat(chain).startsWith(p.pid(), ProcessHandle.current().pid());
        long last = chain.get(chain.size() - 1);
        assertThat(Long.parseLong(Live.stat(last)[4])).as("the last has no parent").isZero();
        for (int i = 0; i + 1 < chain.size(); i++)
            assertThat(Long.parseLong(Live.stat(chain.get(i))[4])).isEqualTo(chain.get(i + 1));
    }

    @Test
    void oomScoreFollowsTheAdjustmentWrittenToTheKernel() throws Exception {
        Popen p = live.start("sleep", "30");
        OsProcess proc = OsProcess.of(p.pid());
        assertThat(proc.oomScoreAdj()).isZero();
        Files.writeString(Path.of("/proc/" + p.pid() + "/oom_score_adj"), "600");
        assertThat(proc.oomScoreAdj()).isEqualTo(600);
        assertThat(proc.oomScore()).isEqualTo(Integer.parseInt(Live.read("/proc/" + p.pid() + "/oom_score").trim()))
                .isGreaterThanOrEqualTo(600);
    }

    @Test
    void peakResidentSizeOutlivesAFreedBuffer() {
        Popen p = live.start("/usr/bin/python3", "-c",
                "b = bytearray(64 << 20)\nfor i in range(0, len(b), 4096): b[i] = 1\ndel b\nimport time; print('', flush=True); time.sleep(30)");
        OsProcess proc = OsProcess.of(p.pid());
        Live.await("python frees its buffer", Duration.ofSeconds(20), () -> {
            MemoryInfoEx m = proc.memoryInfoEx();
            return m.peakRss() >= 64 << 20 && proc.memoryInfo().rss() < 32 << 20;
        });
        // the interpreter may still touch a page meanwhile: compared when VmRSS read just before and after agree
        MemoryInfoEx m;
        long before, after;
        int tries = 0;
        do {
            before = vmRssBytes(p.pid());
            m = proc.oneshot().memoryInfoEx();
            after = vmRssBytes(p.pid());
        } while (before != after && ++tries < 50);
        assertThat(m.peakVms()).isGreaterThanOrEqualTo(64 << 20);
        assertThat(m.rssAnon() + m.rssFile() + m.rssShmem()).isEqualTo(after);
        assertThat(m.pageTables()).isPositive();
    }

    private static long vmRssBytes(long pid) {
        return Long.parseLong(Live.status(pid, "VmRSS").replace(" kB", "")) * 1024;
    }

    @Test
    void fullMemoryOfThisJvm() {
        OsProcess self = OsProcess.self().oneshot();
        MemoryFullInfo f = self.memoryFullInfo();
        assertThat(f.rss()).isEqualTo(self.memoryInfo().rss());
        assertThat(f.uss()).isPositive().isLessThanOrEqualTo(f.rss());
        assertThat(f.pss()).isBetween(f.uss(), f.rss());
        List<MemoryMap> maps = self.memoryMaps();
        assertThat(maps).extracting(MemoryMap::path).contains("[heap]", "[anon]").anyMatch(s -> s.endsWith("/libjvm.so"));
        long mappedRss = maps.stream().mapToLong(MemoryMap::rss).sum();
        assertThat((double) mappedRss).isCloseTo(f.rss(), org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(self.memoryMaps(false).size()).isGreaterThan(maps.size());
    }

    @Test
    void aViewThatReadTheMapsAddsUpTheFullInfoFromThem() {
        // one walk of the address space: pss is the maps' own sum, not the rollup's of a later walk
        OsProcess self = OsProcess.self().oneshot();
        List<MemoryMap> maps = self.memoryMaps(false);
        MemoryFullInfo f = self.memoryFullInfo();
        assertThat(f.pss()).isEqualTo(maps.stream().mapToLong(MemoryMap::pss).sum());
        assertThat(f.swap()).isEqualTo(maps.stream().mapToLong(MemoryMap::swap).sum());
        assertThat(f.uss()).isGreaterThanOrEqualTo(maps.stream().mapToLong(m -> m.privateClean() + m.privateDirty()).sum());
        Map<String, Object> d = ProcessMetrics.asDict(OsProcess.self().oneshot(), java.util.Set.of("memory_full_info",
                "memory_maps"), null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) d.get("memory_maps");
        assertThat(((Map<?, ?>) d.get("memory_full_info")).get("pss"))
                .isEqualTo(rows.stream().mapToLong(r -> ((Number) r.get("pss")).longValue()).sum());
    }

    @Test
    void aKernelThreadHasNoAddressSpace() {
        OsProcess k = OsProcess.of(2);
        assertThat(k.memoryFullInfo()).isEqualTo(new MemoryFullInfo(0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(k.memoryMaps()).isEmpty();
        assertThat(k.environ()).isEmpty();
        assertThat(k.exe()).isEmpty();
        assertThat(k.memoryInfoEx()).isEqualTo(new MemoryInfoEx(0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void environOfAChild() {
        ProcessBuilder b = new ProcessBuilder("sleep", "30");
        b.environment().put("JPSUTIL_MARK", "a=b c\u00e9");
        Popen p = live.start(b);
        Map<String, String> env = OsProcess.of(p.pid()).environ();
        assertThat(env).containsEntry("JPSUTIL_MARK", "a=b c\u00e9").containsEntry("PATH", b.environment().get("PATH"));
    }
}
