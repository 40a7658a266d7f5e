package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /proc/diskstats in each layout the kernel has had, and mountinfo with escaped paths, on samples. */
class DiskParsersTest {
    private static long[] counters(List<DiskStats.Line> lines, String name) {
        return lines.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow().counters();
    }

    @Test
    void diskstatsWith20FieldsOfA6xKernel() {
        List<DiskStats.Line> lines = DiskStats.parse(Samples.text("diskstats-6.x-20-fields.txt"));
        assertThat(lines).extracting(DiskStats.Line::name).contains("loop0", "vda", "zram0");
        // vda 83095 13242 5259074 54932 73593 70624 4080512 51784 0 36744 130649 127656 6 2401832 23848 1703 83
        assertThat(counters(lines, "vda")).containsExactly(83095, 73593, 5259074, 4080512, 54932, 51784, 13242, 70624, 36744);
    }

    @Test
    void diskstatsWith14And18Fields() {
        long[] sda = {4180, 2116, 251766, 41096, 17332, 30160, 1525, 3021, 14864};
        assertThat(counters(DiskStats.parse(Samples.text("diskstats-2.6.32-handwritten-14-fields.txt")), "sda")).containsExactly(sda);
        assertThat(counters(DiskStats.parse(Samples.text("diskstats-4.18-handwritten-18-fields.txt")), "sda")).containsExactly(sda);
        assertThat(counters(DiskStats.parse(Samples.text("diskstats-2.6.32-handwritten-14-fields.txt")), "dm-0"))
                .containsExactly(5617, 5129, 249314, 41032, 38836, 175568, 0, 0, 14256);
    }

    @Test
    void oldPartitionLinesHaveFourCountersAnd24HasTheNameLater() {
        List<DiskStats.Line> l = DiskStats.parse(Samples.text("diskstats-2.6.9-handwritten-partition-7-fields.txt"));
        assertThat(counters(l, "hda1")).containsExactly(35486, 38030, 38030, 38030, 0, 0, 0, 0, 0);
        assertThat(counters(l, "hda")).containsExactly(446216, 424847, 9550688, 5922052, 4382310, 19310380, 784926, 312726, 3376340);
        String p24 = Samples.text("partitions-2.4-handwritten-15-fields.txt");
        // the header line of /proc/partitions is not a device: skip it as the kernel's reader would
        List<DiskStats.Line> old = DiskStats.parse(p24.substring(p24.indexOf('\n') + 1));
        assertThat(counters(old, "hda")).containsExactly(120, 12, 3680, 336, 610, 90, 340, 30, 650);
    }

    @Test
    void aLineOfAnotherLengthIsAParseError() {
        assertThatThrownBy(() -> DiskStats.parse("8 0 sda 1 2 3\n")).isInstanceOf(JpsutilException.class)
                .hasMessageContaining("6 fields");
        assertThatThrownBy(() -> DiskStats.parse("8 0 sda 1 2 x 4\n")).isInstanceOf(JpsutilException.class)
                .hasMessageContaining("sda");
    }

    @Test
    void mountinfoUnescapesPathsAndSources() {
        List<Mounts.Mount> m = Mounts.parse(Samples.text("mountinfo-6.x-escaped.txt"));
        Mounts.Mount space = m.stream().filter(x -> x.mountpoint().endsWith("/with space")).findFirst().orElseThrow();
        assertThat(space.fstype()).isEqualTo("tmpfs");
        assertThat(space.source()).isEqualTo("none");
        assertThat(space.options()).isEqualTo("rw,relatime,size=1024k");
        Mounts.Mount odd = m.stream().filter(x -> x.mountpoint().endsWith("/tab\tand\\back")).findFirst().orElseThrow();
        assertThat(odd.source()).isEqualTo("my tmpfs");
        assertThat(odd.options()).isEqualTo("rw,relatime,size=1024k,mode=700");
        Mounts.Mount root = m.stream().filter(x -> x.mountpoint().equals("/")).findFirst().orElseThrow();
        assertThat(root.device()).isEqualTo("254:0");
        assertThat(root.options()).isEqualTo("rw,relatime,discard,resv_strict,resuid=65534,resgid=65534");
    }

    @Test
    void mountinfoWithoutTheSeparatorIsAParseError() {
        assertThatThrownBy(() -> Mounts.parse("22 27 0:21 / /proc rw,relatime proc proc rw\n"))
                .isInstanceOf(JpsutilException.class).hasMessageContaining("mountinfo");
        assertThat(Mounts.unescape("a\\04")).isEqualTo("a\\04"); // cut escape: kept as it is
    }
}
