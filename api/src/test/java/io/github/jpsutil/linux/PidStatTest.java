package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /proc/&lt;pid&gt;/stat on real 6.x samples and hand-written older layouts (see proc-samples/README.md). */
class PidStatTest {

    @Test
    void plainProcessFrom6x() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-cat.txt"));
        assertThat(s.pid()).isEqualTo(4138);
        assertThat(s.comm()).isEqualTo("cat");
        assertThat(s.status()).isEqualTo(Status.RUNNING);
        assertThat(s.ppid()).isEqualTo(4132);
        assertThat(s.nice()).isZero();
        assertThat(s.numThreads()).isEqualTo(1);
        assertThat(s.startTicks()).isEqualTo(49551);
        assertThat(s.vsize()).isEqualTo(3133440);
        assertThat(s.rssPages()).isEqualTo(361);
        assertThat(s.blkioTicks()).isZero();
        assertThat(s.minorFaults()).isEqualTo(112);
        assertThat(s.majorFaults()).isZero();
    }

    @Test
    void flagsAreField9AndSayWhenTheProcessExits() {
        long exiting = 0x4; // PF_EXITING
        assertThat(PidStat.flags(Samples.text("stat-6.x-cat.txt"))).isEqualTo(4194304);
        assertThat(PidStat.flags(Samples.text("stat-6.x-cat.txt")) & exiting).isZero();
        assertThat(PidStat.flags(Samples.text("stat-6.x-zombie.txt"))).isEqualTo(4227084);
        assertThat(PidStat.flags(Samples.text("stat-6.x-zombie.txt")) & exiting).isEqualTo(exiting);
        assertThat(PidStat.flags(Samples.text("stat-6.x-frozen-sigkill-pending.txt")) & exiting).as("killed, not yet exiting").isZero();
        assertThatThrownBy(() -> PidStat.flags("1 (a) R 0 1")).isInstanceOf(JpsutilException.class).hasMessageContaining("flags");
    }

    @Test
    void pageFaultsAreFields10And12() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-python3-majflt6.txt"));
        assertThat(s.comm()).isEqualTo("python3");
        assertThat(s.minorFaults()).isEqualTo(883);
        assertThat(s.majorFaults()).isEqualTo(6);
        assertThat(s.startTicks()).isEqualTo(178236);
    }

    @Test
    void cpuTimesAndNiceFrom6x() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-busy-nice5.txt"));
        assertThat(s.comm()).isEqualTo("sleep");
        assertThat(s.status()).isEqualTo(Status.SLEEPING);
        assertThat(s.ppid()).isEqualTo(4617);
        assertThat(s.utime()).isEqualTo(72);
        assertThat(s.stime()).isZero();
        assertThat(s.nice()).isEqualTo(5);
        assertThat(s.startTicks()).isEqualTo(52457);
        assertThat(s.rssPages()).isEqualTo(410);
        assertThat(s.blkioTicks()).isZero();
    }

    @Test
    void delayAccountingFieldIsField42() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-busy-nice5-delayacct37-edited.txt"));
        assertThat(s.blkioTicks()).isEqualTo(37);
        assertThat(s.utime()).isEqualTo(72);
    }

    @Test
    void nameWithParenthesesAndSpaces() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-name-paren-space.txt"));
        assertThat(s.pid()).isEqualTo(4096);
        assertThat(s.comm()).isEqualTo("a) (b");
        assertThat(s.status()).isEqualTo(Status.SLEEPING);
        assertThat(s.ppid()).isEqualTo(4095);
        assertThat(s.startTicks()).isEqualTo(48558);
        assertThat(s.vsize()).isEqualTo(2990080);
        assertThat(s.rssPages()).isEqualTo(410);
    }

    @Test
    void nameEndingInParenthesis() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-name-ends-paren.txt"));
        assertThat(s.comm()).isEqualTo("x y)");
        assertThat(s.ppid()).isEqualTo(4095);
        assertThat(s.rssPages()).isEqualTo(379);
    }

    @Test
    void nameCutAt15Characters() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-name-cut-15.txt"));
        assertThat(s.comm()).isEqualTo("averyveryverylo").hasSize(15);
    }

    @Test
    void kernelThread() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-kthreadd.txt"));
        assertThat(s.pid()).isEqualTo(2);
        assertThat(s.comm()).isEqualTo("kthreadd");
        assertThat(s.ppid()).isZero();
        assertThat(s.startTicks()).isEqualTo(14);
        assertThat(s.vsize()).isZero();
        assertThat(s.rssPages()).isZero();
    }

    @Test
    void zombie() {
        PidStat s = PidStat.parse(Samples.text("stat-6.x-zombie.txt"));
        assertThat(s.status()).isEqualTo(Status.ZOMBIE);
        assertThat(s.ppid()).isEqualTo(4099);
        assertThat(s.vsize()).isZero();
        assertThat(s.rssPages()).isZero();
    }

    @Test
    void kernel269WithoutDelayAccounting() {
        PidStat s = PidStat.parse(Samples.text("stat-2.6.9-handwritten.txt"));
        assertThat(s.comm()).isEqualTo("httpd");
        assertThat(s.utime()).isEqualTo(57);
        assertThat(s.stime()).isEqualTo(31);
        assertThat(s.numThreads()).isEqualTo(1);
        assertThat(s.startTicks()).isEqualTo(4312);
        assertThat(s.rssPages()).isEqualTo(1322);
        assertThat(s.blkioTicks()).isZero();
    }

    @Test
    void kernel24With39Fields() {
        PidStat s = PidStat.parse(Samples.text("stat-2.4-handwritten.txt"));
        assertThat(s.comm()).isEqualTo("sshd");
        assertThat(s.utime()).isEqualTo(3);
        assertThat(s.stime()).isEqualTo(7);
        assertThat(s.cutime()).isEqualTo(12);
        assertThat(s.cstime()).isEqualTo(5);
        assertThat(s.startTicks()).isEqualTo(1208);
        assertThat(s.vsize()).isEqualTo(3952640);
        assertThat(s.rssPages()).isEqualTo(287);
        assertThat(s.blkioTicks()).isZero();
    }

    @Test
    void nameWithNewlineAndNonAsciiBytes() {
        String rest = Samples.text("stat-6.x-busy-nice5.txt");
        rest = rest.substring(rest.lastIndexOf(')') + 1);
        PidStat s = PidStat.parse("77 (a\nb) \u00e9\ufffd)" + rest);
        assertThat(s.comm()).isEqualTo("a\nb) \u00e9\ufffd");
        assertThat(s.pid()).isEqualTo(77);
        assertThat(s.utime()).isEqualTo(72);
        assertThat(s.nice()).isEqualTo(5);
    }

    @Test
    void systemdStyleNameInParentheses() {
        PidStat s = PidStat.parse("1234 ((sd-pam)) S 1233 1233 1233 0 -1 1077936448 0 0 0 0 0 0 0 0 20 0 1 0 812 0 0");
        assertThat(s.comm()).isEqualTo("(sd-pam)");
        assertThat(s.ppid()).isEqualTo(1233);
        assertThat(s.startTicks()).isEqualTo(812);
        assertThat(s.rssPages()).isZero();
    }

    @Test
    void truncatedLinesAreParseErrors() {
        String full = Samples.text("stat-6.x-cat.txt");
        assertThatThrownBy(() -> PidStat.parse("")).isInstanceOf(JpsutilException.class);
        assertThatThrownBy(() -> PidStat.parse("4138 (cat")).isInstanceOf(JpsutilException.class);
        assertThatThrownBy(() -> PidStat.parse(full.substring(0, full.indexOf(" 49551"))))
                .isInstanceOf(JpsutilException.class).hasMessageContaining("/proc/<pid>/stat");
        assertThatThrownBy(() -> PidStat.parse("4138 (cat) Q 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 6 7"))
                .isInstanceOf(JpsutilException.class).hasMessageContaining("'Q'");
    }
}
