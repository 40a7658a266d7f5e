package io.github.jpsutil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The setters proven on live children, read back by other tools: the affinity by util-linux's
 * taskset, the limits by prlimit and by what the child can still do, the OOM adjustment by the
 * kernel's file.
 */
class LiveLimitsTest {
    private final Live live = new Live();

    @AfterEach
    void reap() throws InterruptedException {
        live.reapAll();
    }

    @Test
    void affinityOfAChildToOneCpuAsTasksetReadsIt() {
        Popen p = live.start("sleep", "30");
        OsProcess h = p.handle();
        h.setCpuAffinity(List.of(1));
        assertThat(Live.run("taskset", "-p", Long.toString(p.pid())).trim()).endsWith("current affinity mask: 2");
        assertThat(h.cpuAffinity()).containsExactly(1);
        h.setCpuAffinity(List.of()); // psutil: an empty list is every CPU
        int cpus = Psutil.local().cpuCount();
        assertThat(Live.run("taskset", "-p", Long.toString(p.pid())).trim())
                .endsWith("current affinity mask: " + Long.toHexString((1L << cpus) - 1));
        // a CPU far beyond this machine's: the mask grows to hold it, and the kernel refuses a set without an online CPU
        assertThatThrownBy(() -> h.setCpuAffinity(List.of(1000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sched_setaffinity");
        assertThatThrownBy(() -> h.setCpuAffinity(List.of(-1))).isInstanceOf(IllegalArgumentException.class);
        h.setCpuAffinity(List.of(0, 1000)); // CPU 0 is online: accepted, the rest ignored by the kernel
        assertThat(h.cpuAffinity()).containsExactly(0);
    }

    @Test
    void everyLimitAsPrlimitShowsIt() {
        Popen p = live.start("sleep", "30");
        String[] out = Live.run("prlimit", "--pid", Long.toString(p.pid()), "--noheadings", "--raw", "-o", "RESOURCE,SOFT,HARD")
                .trim().split("\n");
        assertThat(out).hasSize(Rlimit.values().length);
        for (String line : out) {
            String[] f = line.trim().split("\\s+");
            ResourceLimit l = p.handle().rlimit(Rlimit.parse(f[0]));
            assertThat(l).as(f[0]).isEqualTo(new ResourceLimit(prlimitValue(f[1]), prlimitValue(f[2])));
        }
        assertThat(p.handle().rlimit(Rlimit.RLIMIT_CPU)).isEqualTo(new ResourceLimit(ResourceLimit.INFINITY, ResourceLimit.INFINITY));
    }

    private static long prlimitValue(String s) {
        return s.equals("unlimited") ? ResourceLimit.INFINITY : Long.parseLong(s);
    }

    @Test
    void aChildWithFewerFilesCannotOpenMore() throws Exception {
        // the child opens files until the kernel refuses, once told to: after its limit was lowered
        Process child = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                "import sys, os, errno",
                "sys.stdin.readline()",
                "n = 0",
                "try:",
                "    while True:",
                "        os.open('/dev/null', os.O_RDONLY); n += 1",
                "except OSError as e:",
                "    print(n, errno.errorcode[e.errno], flush=True)")).redirectErrorStream(true).start();
        try {
            OsProcess h = Psutil.local().process(child.pid());
            ResourceLimit before = h.rlimit(Rlimit.RLIMIT_NOFILE);
            assertThat(before.soft()).isGreaterThan(64);
            h.setRlimit(Rlimit.RLIMIT_NOFILE, new ResourceLimit(16, 16));
            assertThat(h.rlimit(Rlimit.RLIMIT_NOFILE)).isEqualTo(new ResourceLimit(16, 16));
            assertThat(Live.run("prlimit", "--pid", Long.toString(child.pid()), "--nofile", "--noheadings", "--raw", "-o", "SOFT,HARD")
                    .trim().split("\\s+")).containsExactly("16", "16");
            try (OutputStream in = child.getOutputStream()) {
                in.write('\n');
            }
            String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String[] f = line.split(" ");
            assertThat(f[1]).isEqualTo("EMFILE");
            // 16 descriptors in all: the ones it had open (0, 1, 2, ...) and the ones it opened
            assertThat(Integer.parseInt(f[0])).isBetween(1, 13);
            // the soft limit above the hard one is a clear error, not a call
            assertThatThrownBy(() -> new ResourceLimit(20, 16)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("above the hard limit");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void raisingTheHardLimitOfAnUnlimitedResourceBack() {
        Popen p = live.start("sleep", "30");
        OsProcess h = p.handle();
        h.setRlimit(Rlimit.RLIMIT_CORE, new ResourceLimit(4096, ResourceLimit.INFINITY));
        assertThat(Live.run("prlimit", "--pid", Long.toString(p.pid()), "--core", "--noheadings", "-o", "SOFT,HARD").trim()
                .split("\\s+")).containsExactly("4096", "unlimited");
        h.setRlimit(Rlimit.RLIMIT_CORE, new ResourceLimit(ResourceLimit.INFINITY, ResourceLimit.INFINITY));
        assertThat(h.rlimit(Rlimit.RLIMIT_CORE)).isEqualTo(new ResourceLimit(ResourceLimit.INFINITY, ResourceLimit.INFINITY));
    }

    @Test
    void oomScoreAdjRaisedAndReadBack() {
        Popen p = live.start("sleep", "30");
        OsProcess h = p.handle();
        h.setOomScoreAdj(500);
        assertThat(Live.read("/proc/" + p.pid() + "/oom_score_adj").trim()).isEqualTo("500");
        assertThat(h.oomScoreAdj()).isEqualTo(500);
        assertThat(h.oomScore()).isGreaterThanOrEqualTo(500);
        assertThatThrownBy(() -> h.setOomScoreAdj(1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setterOnAProcessThatIsGoneIsNoSuchProcess() throws Exception {
        Popen p = live.start("sleep", "30");
        OsProcess h = p.handle();
        p.process().destroyForcibly().waitFor();
        assertThatThrownBy(() -> h.setCpuAffinity(List.of(0))).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(() -> h.setRlimit(Rlimit.RLIMIT_NOFILE, new ResourceLimit(10, 10))).isInstanceOf(NoSuchProcess.class);
        assertThatThrownBy(() -> h.setOomScoreAdj(10)).isInstanceOf(NoSuchProcess.class);
    }
}
