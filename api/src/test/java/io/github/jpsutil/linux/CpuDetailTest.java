package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per-CPU lines and event counts of /proc/stat, /proc/loadavg and the clock of /proc/cpuinfo, on real samples. */
class CpuDetailTest {
    @Test
    void perCpuLinesOfA6xKernel() {
        List<long[]> cpus = CpuDetail.perCpuTicks(Samples.text("stat-system-6.x.txt"));
        assertThat(cpus).hasSize(2);
        assertThat(cpus.get(0)).containsExactly(3071, 0, 729, 45541, 24, 0, 25, 28, 0, 0);
        assertThat(cpus.get(1)).containsExactly(3730, 0, 876, 44542, 181, 0, 45, 31, 0, 0);
    }

    @Test
    void perCpuLinesOfOldKernelsArePaddedWithZeros() {
        // 2.6.9 has seven modes (no steal, guest, guest_nice); 2.4 has four
        for (String sample : new String[]{"stat-system-2.6.9-handwritten.txt", "stat-system-2.4-handwritten.txt"}) {
            List<long[]> cpus = CpuDetail.perCpuTicks(Samples.text(sample));
            assertThat(cpus).as(sample).isNotEmpty().allSatisfy(t -> assertThat(t).hasSize(10).endsWith(0, 0, 0));
        }
    }

    @Test
    void eventCountsAreTheFirstNumberOfEachLine() {
        assertThat(CpuDetail.eventCounts(Samples.text("stat-system-6.x.txt"))).containsExactly(237840, 126397, 68318);
        assertThat(CpuDetail.eventCounts("cpu  1 2 3 4\nintr 5 0\nctxt 6\n")).as("before 2.6: no softirq line")
                .containsExactly(6, 5, 0);
        assertThatThrownBy(() -> CpuDetail.eventCounts("cpu  1 2 3 4\nintr 5 0\n"))
                .isInstanceOf(JpsutilException.class).hasMessageContaining("ctxt");
    }

    @Test
    void loadAverage() {
        assertThat(CpuDetail.loadAverage(Samples.text("loadavg-6.x.txt"))).containsExactly(8.70, 9.05, 8.41);
        assertThatThrownBy(() -> CpuDetail.loadAverage("0.1 0.2\n")).isInstanceOf(JpsutilException.class)
                .hasMessageContaining("/proc/loadavg");
        assertThatThrownBy(() -> CpuDetail.loadAverage("0.1 x 0.3 1/2 3\n")).isInstanceOf(JpsutilException.class)
                .hasMessageContaining("field 2");
        assertThatThrownBy(() -> CpuDetail.loadAverage("-1 0 0 1/2 3\n")).isInstanceOf(JpsutilException.class);
    }

    @Test
    void cpuinfoClockPerProcessor() {
        assertThat(CpuDetail.cpuinfoMhz(Samples.text("cpuinfo-6.x-x86_64.txt"))).containsExactly(2299.998, 2299.998);
        assertThat(CpuDetail.cpuinfoMhz("processor\t: 0\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd\n")).isEmpty();
        assertThatThrownBy(() -> CpuDetail.cpuinfoMhz("cpu MHz\t\t: fast\n")).isInstanceOf(JpsutilException.class);
    }
}
