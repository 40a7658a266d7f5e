package io.github.jpsutil;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** File systems and disk I/O beside psutil 5.9.4 and df, read at the same moment. */
class PsutilDiskOracleTest {
    private final Psutil ps = Psutil.local();

    @BeforeAll
    static void psutilPresent() {
        PsutilOracle.assumePresent();
    }

    private static List<String> partitionsOfPsutil(boolean all) {
        String script = "import psutil\nfor p in psutil.disk_partitions(all=" + (all ? "True" : "False") + "):\n"
                + "    print(repr((p.device, p.mountpoint, p.fstype, p.opts, p.maxfile, p.maxpath)))\n";
        return Live.run("/usr/bin/python3", "-c", script).lines().toList();
    }

    private static String repr(DiskPartition p) {
        return "(" + py(p.device()) + ", " + py(p.mountpoint()) + ", " + py(p.fstype()) + ", " + py(p.opts()) + ", "
                + (p.maxfile() == null ? "None" : p.maxfile()) + ", " + (p.maxpath() == null ? "None" : p.maxpath()) + ")";
    }

    /** Python's repr of a plain string (no quotes or backslashes in mount tables here but escaped paths). */
    private static String py(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t").replace("\n", "\\n") + "'";
    }

    @Test
    void partitionsPhysicalAndAll() {
        for (boolean all : new boolean[]{false, true}) {
            List<String> theirs = partitionsOfPsutil(all);
            List<String> ours = ps.diskPartitions(all).stream().map(PsutilDiskOracleTest::repr).toList();
            assertThat(ours).as("all=" + all).isEqualTo(theirs);
        }
        assertThat(ps.diskPartitions(false)).extracting(DiskPartition::mountpoint).contains("/");
    }

    @Test
    void usageOfEveryPartitionAsPsutilAndDfSeeIt() {
        List<DiskPartition> parts = ps.diskPartitions(false);
        String paths = parts.stream().map(p -> py(p.mountpoint())).collect(Collectors.joining(", "));
        String script = "import psutil\nfor m in [" + paths + "]:\n    u = psutil.disk_usage(m)\n"
                + "    print(u.total, u.used, u.free, u.percent)\n";
        List<String> theirs = Live.run("/usr/bin/python3", "-c", script).lines().toList();
        assertThat(theirs).hasSize(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            DiskUsage u = ps.diskUsage(parts.get(i).mountpoint());
            String[] t = theirs.get(i).split(" ");
            assertThat(u.total()).isEqualTo(Long.parseLong(t[0]));
            // other builds write and delete files between the readings
            long margin = 256L << 20;
            assertThat(u.used()).isCloseTo(Long.parseLong(t[1]), within(margin));
            assertThat(u.free()).isCloseTo(Long.parseLong(t[2]), within(margin));
            assertThat(u.percent()).isCloseTo(Double.parseDouble(t[3]), within(0.2));
            assertThat(u.free()).as("reserved blocks are neither free nor used").isLessThanOrEqualTo(u.total() - u.used());
        }
        if (Live.commandExists("df")) {
            String[] df = Live.run("df", "-B1", "--output=size,used,avail,pcent", "/").split("\n")[1].trim().split("\\s+");
            DiskUsage root = ps.diskUsage("/");
            assertThat(root.total()).isEqualTo(Long.parseLong(df[0]));
            assertThat(root.used()).isCloseTo(Long.parseLong(df[1]), within(256L << 20));
            assertThat(root.free()).isCloseTo(Long.parseLong(df[2]), within(256L << 20));
            // df rounds the percent up to a whole number
            assertThat(Math.ceil(root.percent())).isCloseTo(Double.parseDouble(df[3].replace("%", "")), within(1.0));
        }
    }

    @Test
    void usageOfAPathThatDoesNotExistIsOneClearError() {
        assertThatThrownBy(() -> ps.diskUsage("/no/such/dir")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/no/such/dir").hasMessageContaining("no such file");
        assertThatThrownBy(() -> ps.diskUsage("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ps.diskUsage("/etc/passwd/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a directory");
        // a NUL would cut the path short for the kernel: "/\0no" is no name for "/"
        assertThatThrownBy(() -> ps.diskUsage("/\0no")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }

    @Test
    void ioCountersTotalAndPerDisk() {
        Map<String, DiskIoCounters> before = ps.diskIoCountersPerdisk();
        DiskIoCounters totalBefore = ps.diskIoCounters().orElseThrow();
        String script = "import psutil\nt = psutil.disk_io_counters()\nprint('total', *t)\n"
                + "for n, d in psutil.disk_io_counters(perdisk=True).items():\n    print(n, *d)\n";
        List<String> theirs = Live.run("/usr/bin/python3", "-c", script).lines().toList();
        Map<String, DiskIoCounters> after = ps.diskIoCountersPerdisk();
        DiskIoCounters totalAfter = ps.diskIoCounters().orElseThrow();
        assertThat(theirs.stream().skip(1).map(l -> l.split(" ")[0]).toList()).isEqualTo(List.copyOf(before.keySet()));
        for (String line : theirs) {
            String[] f = line.split(" ");
            DiskIoCounters b = f[0].equals("total") ? totalBefore : before.get(f[0]);
            DiskIoCounters a = f[0].equals("total") ? totalAfter : after.get(f[0]);
            long[] lo = fields(b);
            long[] hi = fields(a);
            for (int i = 0; i < 9; i++)
                assertThat(Long.parseLong(f[i + 1])).as(f[0] + " field " + i).isBetween(lo[i], hi[i]);
        }
    }

    private static long[] fields(DiskIoCounters c) {
        return new long[]{c.readCount(), c.writeCount(), c.readBytes(), c.writeBytes(), c.readTime(), c.writeTime(),
                c.readMergedCount(), c.writeMergedCount(), c.busyTime()};
    }
}
