package io.github.jpsutil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Machine-wide values on fixture /proc and /sys trees: layouts this machine does not have. */
class FakeMachineTest {
    @TempDir
    Path dir;

    @Test
    void cpuClocksFromCpufreqPoliciesInTheirNumericOrder() {
        FakeProc f = new FakeProc(dir);
        Path cpufreq = f.sys.resolve("devices/system/cpu/cpufreq");
        // policy10 sorts after policy2: by number, not by name
        for (String[] p : new String[][]{{"policy0", "1800000", "400000", "3600000"}, {"policy2", "2400000", "400000", "3600000"},
                {"policy10", "1200000", "800000", "2000000"}}) {
            FakeProc.write(cpufreq.resolve(p[0] + "/scaling_cur_freq"), p[1] + "\n");
            FakeProc.write(cpufreq.resolve(p[0] + "/scaling_min_freq"), p[2] + "\n");
            FakeProc.write(cpufreq.resolve(p[0] + "/scaling_max_freq"), p[3] + "\n");
        }
        FakeProc.write(f.proc.resolve("cpuinfo"), "processor\t: 0\ncpu MHz\t\t: 999.0\n");
        Psutil ps = f.psutil();
        assertThat(ps.cpuFreqPercpu()).containsExactly(new CpuFreq(1800, 400, 3600), new CpuFreq(2400, 400, 3600),
                new CpuFreq(1200, 800, 2000));
        assertThat(ps.cpuFreq()).contains(new CpuFreq(1800, 1600 / 3.0, 9200 / 3.0));
    }

    @Test
    void cpuClockFromCpuinfoWithoutBoundsWhenSysfsHasNoCpufreq() {
        FakeProc f = new FakeProc(dir);
        FakeProc.write(f.proc.resolve("cpuinfo"), "processor\t: 0\ncpu MHz\t\t: 2299.998\n\nprocessor\t: 1\ncpu MHz\t\t: 1000.002\n");
        Psutil ps = f.psutil();
        assertThat(ps.cpuFreqPercpu()).containsExactly(new CpuFreq(2299.998, 0, 0), new CpuFreq(1000.002, 0, 0));
        assertThat(ps.cpuFreq().orElseThrow().current()).isEqualTo(1650.0);
    }

    @Test
    void whetherSysfsHasCpufreqIsDecidedAtTheFirstReadingAsPsutilDecidesItOnImport() {
        FakeProc f = new FakeProc(dir);
        FakeProc.write(f.proc.resolve("cpuinfo"), "processor\t: 0\ncpu MHz\t\t: 2299.998\n");
        Psutil ps = f.psutil();
        assertThat(ps.cpuFreqPercpu()).containsExactly(new CpuFreq(2299.998, 0, 0));
        Path policy = f.sys.resolve("devices/system/cpu/cpufreq/policy0");
        FakeProc.write(policy.resolve("scaling_cur_freq"), "1800000\n");
        FakeProc.write(policy.resolve("scaling_min_freq"), "400000\n");
        FakeProc.write(policy.resolve("scaling_max_freq"), "3600000\n");
        assertThat(ps.cpuFreqPercpu()).containsExactly(new CpuFreq(2299.998, 0, 0));
        assertThat(f.psutil().cpuFreqPercpu()).containsExactly(new CpuFreq(1800, 400, 3600));
    }

    @Test
    void noClockAnywhereIsEmptyNotAnError() {
        Psutil ps = new FakeProc(dir).psutil();
        assertThat(ps.cpuFreqPercpu()).isEmpty();
        assertThat(ps.cpuFreq()).isEmpty();
        SystemView v = ps.oneshot();
        assertThat(v.cpuFreq()).isNull();
        assertThat(SystemMetrics.asDict(v, java.util.Set.of("cpu_freq_percpu"))).containsEntry("cpu_freq_percpu", List.of());
    }

    @Test
    void perCpuTimesPercentAndEventCountsOfTheFixture() {
        FakeProc f = new FakeProc(dir);
        Psutil ps = f.psutil();
        double hz = ps.clockTicks();
        assertThat(ps.cpuTimesPercpu()).containsExactly(new SystemCpuTimes(3071 / hz, 0, 729 / hz, 45541 / hz, 24 / hz,
                0, 25 / hz, 28 / hz, 0, 0));
        assertThat(ps.cpuStats()).isEqualTo(new CpuStats(236575, 1, 0, 0));
        // the first reading counts from boot: the shares of the fixture's one CPU
        List<Double> first = ps.cpuPercentPercpu(null);
        assertThat(first).containsExactly(CpuPercent.ofMachine(new SystemCpuTimes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                ps.cpuTimesPercpu().get(0)));
        FakeProc.write(f.proc.resolve("stat"), "cpu  6901 10 1606 90084 205 3 70 59 7 1\ncpu0 3171 0 729 45541 24 0 25 28 0 0\n"
                + "intr 1 0\nctxt 236575\nsoftirq 5 0\nbtime 1795770142\n");
        assertThat(ps.cpuPercentPercpu(null)).containsExactly(100.0);
        assertThat(ps.cpuStats().softInterrupts()).isEqualTo(5);
    }

    @Test
    void loadAverageOfTheFixture() {
        FakeProc f = new FakeProc(dir);
        FakeProc.write(f.proc.resolve("loadavg"), "0.25 1.50 12.00 3/412 9876\n");
        assertThat(f.psutil().getloadavg()).isEqualTo(new LoadAverage(0.25, 1.5, 12.0));
    }

    @Test
    void oneViewReadsTheModeSharesOnceForAllTheirFields() {
        FakeProc f = new FakeProc(dir);
        Psutil ps = f.psutil();
        ps.cpuTimesPercent(null);
        FakeProc.write(f.proc.resolve("stat"), "cpu  6901 10 1606 90184 205 3 70 59 7 1\ncpu0 3171 0 729 45641 24 0 25 28 0 0\n"
                + "intr 1 0\nctxt 236575\nbtime 1795770142\n");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> shares = (java.util.Map<String, Object>) SystemMetrics.asDict(ps.oneshot(),
                java.util.Set.of("cpu_times_percent")).get("cpu_times_percent");
        // 100 ticks of user and 100 of idle since the previous reading, whichever field is read first
        assertThat(shares).containsEntry("user", 50.0).containsEntry("idle", 50.0).containsEntry("system", 0.0);
    }

    @Test
    void disksTotalCountsWholeDisksNotTheirPartitions() {
        FakeProc f = new FakeProc(dir);
        FakeProc.write(f.proc.resolve("diskstats"), io.github.jpsutil.linux.Samples.text("diskstats-2.6.32-handwritten-14-fields.txt"));
        FakeProc.write(f.sys.resolve("block/sda/uevent"), "DEVNAME=sda\n");
        FakeProc.write(f.sys.resolve("block/dm-0/uevent"), "DEVNAME=dm-0\n");
        Psutil ps = f.psutil();
        assertThat(ps.diskIoCountersPerdisk()).containsOnlyKeys("sda", "sda1", "dm-0");
        DiskIoCounters total = ps.diskIoCounters().orElseThrow();
        assertThat(total.readCount()).isEqualTo(4180 + 5617);
        assertThat(total.readBytes()).isEqualTo((251766L + 249314L) * 512);
        assertThat(total.busyTime()).isEqualTo(14864 + 14256);
        FakeProc.write(f.proc.resolve("diskstats"), "");
        assertThat(ps.diskIoCounters()).isEmpty();
        assertThat(ps.oneshot().diskIoCounters()).isNull();
    }

    @Test
    void partitionsFromTheRootsMountinfoWithDevRootNamedAfterItsDevice() {
        FakeProc f = new FakeProc(dir);
        FakeProc.write(f.proc.resolve("self/mountinfo"), "21 1 8:2 / / rw,relatime - ext4 /dev/root rw\n"
                + "22 21 0:21 / /proc rw - proc proc rw\n23 21 8:3 / /my\\040data rw - xfs /dev/sda3 rw,attr2\n"
                + "24 21 0:40 / /run rw - tmpfs none rw\n");
        FakeProc.write(f.proc.resolve("filesystems"), "nodev\tproc\nnodev\ttmpfs\n\text4\n\txfs\n");
        FakeProc.write(f.sys.resolve("dev/block/8:2/uevent"), "MAJOR=8\nMINOR=2\nDEVNAME=sda2\nDEVTYPE=partition\n");
        Psutil ps = f.psutil();
        assertThat(ps.diskPartitions(false)).extracting(DiskPartition::device, DiskPartition::mountpoint, DiskPartition::fstype,
                DiskPartition::opts).containsExactly(org.assertj.core.groups.Tuple.tuple("/dev/sda2", "/", "ext4", "rw,relatime"),
                org.assertj.core.groups.Tuple.tuple("/dev/sda3", "/my data", "xfs", "rw,attr2"));
        assertThat(ps.diskPartitions(true)).extracting(DiskPartition::device).containsExactly("/dev/sda2", "proc", "/dev/sda3", "");
    }
}
