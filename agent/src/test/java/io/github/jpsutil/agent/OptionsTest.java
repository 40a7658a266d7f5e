package io.github.jpsutil.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {
    @Test
    void defaultsWhenEmpty() {
        assertThat(Options.parse(null)).isEqualTo(Options.DEFAULTS);
        assertThat(Options.parse("")).isEqualTo(Options.DEFAULTS);
        assertThat(Options.DEFAULTS).isEqualTo(new Options(Duration.ofSeconds(5), true, false, false, false, null, null, true,
                Options.DEFAULT_HELD_FILES, Options.Events.AUTO, 100, false));
    }

    @Test
    void everyKey() {
        Options o = Options.parse("interval=500ms, children=false,readOnly=TRUE,allowSelfSignals=true,watch=any,events=POLL,exitedKept=7,");
        assertThat(o).isEqualTo(new Options(Duration.ofMillis(500), false, true, true, true, null, null, true,
                Options.DEFAULT_HELD_FILES, Options.Events.POLL, 7, false));
        assertThat(Options.parse("interval=1m").interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Options.parse("interval=2h").interval()).isEqualTo(Duration.ofHours(2));
        assertThat(Options.parse("readonly=true").readOnly()).isTrue();
    }

    @Test
    void heldFilesIsACountThatShowsWhenNotTheDefault() {
        assertThat(Options.DEFAULTS.heldFiles()).isEqualTo(1024);
        Options o = Options.parse("heldFiles=0");
        assertThat(o.heldFiles()).isZero();
        assertThat(o.toString()).endsWith(",watch=own,heldFiles=0,events=auto,exitedKept=100");
        assertThat(Options.parse(o.toString())).isEqualTo(o);
        assertThatThrownBy(() -> Options.parse("heldFiles=-3")).hasMessageContaining("'-3'").hasMessageContaining("heldFiles");
        assertThatThrownBy(() -> Options.parse("heldfiles=many")).hasMessageContaining("'many'").hasMessageContaining("whole number");
    }

    @Test
    void toStringParsesBackToTheSame() {
        Options o = new Options(Duration.ofMillis(1500), false, true, false, false, null, null, true, Options.DEFAULT_HELD_FILES,
                Options.Events.POLL, 0, false);
        assertThat(o.toString()).isEqualTo("interval=1500ms,children=false,readOnly=true,allowSelfSignals=false,watch=own,events=poll,exitedKept=0");
        assertThat(Options.parse(o.toString())).isEqualTo(o);
        assertThat(Options.DEFAULTS.toString()).startsWith("interval=5s,");
    }

    @Test
    void badOptionsNameKeyAndValue() {
        assertThatThrownBy(() -> Options.parse("interval=5x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'5x'").hasMessageContaining("interval").hasMessageContaining("500ms");
        assertThatThrownBy(() -> Options.parse("interval=10ms")).hasMessageContaining("'10ms'").hasMessageContaining("100ms");
        assertThatThrownBy(() -> Options.parse("interval=5")).hasMessageContaining("'5'");
        assertThatThrownBy(() -> Options.parse("readOnly=maybe")).hasMessageContaining("'maybe'")
                .hasMessageContaining("readOnly").hasMessageContaining("true or false");
        assertThatThrownBy(() -> Options.parse("colour=blue")).hasMessageContaining("'colour'")
                .hasMessageContaining("interval, children, readOnly, allowSelfSignals");
        assertThatThrownBy(() -> Options.parse("events=netlink")).hasMessageContaining("'netlink'").hasMessageContaining("auto or poll");
        assertThatThrownBy(() -> Options.parse("exitedKept=-1")).hasMessageContaining("'-1'").hasMessageContaining("0 to 10000");
        assertThatThrownBy(() -> Options.parse("exitedKept=10001")).hasMessageContaining("'10001'");
        assertThatThrownBy(() -> Options.parse("children")).hasMessageContaining("'children' has no value");
        assertThatThrownBy(() -> Options.parse("children=true,children=false")).hasMessageContaining("children is given twice");
    }

    @Test
    void watchScopeAndWhatLoosens() {
        assertThat(Options.parse("watch=own").watchAny()).isFalse();
        assertThat(Options.parse("watch=ANY").watchAny()).isTrue();
        assertThatThrownBy(() -> Options.parse("watch=all")).hasMessageContaining("'all'").hasMessageContaining("own or any");
        Options tight = Options.parse("readOnly=true");
        assertThat(Options.parse("readOnly=false,allowSelfSignals=true,watch=any").looserThan(tight))
                .containsExactly("readOnly=false", "allowSelfSignals=true", "watch=any");
        assertThat(Options.parse("readOnly=true,interval=1s,children=false").looserThan(tight)).isEmpty();
        assertThat(tight.looserThan(Options.DEFAULTS)).isEmpty();
        assertThat(Options.DEFAULTS.looserThan(tight)).containsExactly("readOnly=false");
    }

    @Test
    void procAndSysRootsAreAbsoluteDirectories(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Options o = Options.parse("procRoot=" + dir + ",sysRoot=/sys");
        assertThat(o.procRoot()).isEqualTo(dir.toString());
        assertThat(o.sysRoot()).isEqualTo("/sys");
        assertThat(Options.parse(o.toString())).isEqualTo(o);
        assertThat(Options.parse("sysRoot=/sys").psutil().pids()).isNotEmpty();
        assertThat(Options.parse("cgroups=false").cgroups()).isFalse();
        assertThat(Options.parse(Options.parse("cgroups=false").toString()).cgroups()).isFalse();
        assertThatThrownBy(() -> Options.parse("procRoot=host/proc")).hasMessageContaining("'host/proc'")
                .hasMessageContaining("absolute path of a directory");
        assertThatThrownBy(() -> Options.parse("sysRoot=" + dir.resolve("missing"))).hasMessageContaining("sysRoot")
                .hasMessageContaining("/host/sys");
    }

    @Test
    void objectNamesIsPidOrNameAndShowsWhenNotTheDefault() {
        assertThat(Options.DEFAULTS.namedObjects()).isFalse();
        Options o = Options.parse("objectNames=name");
        assertThat(o.namedObjects()).isTrue();
        assertThat(o.toString()).endsWith(",objectNames=name");
        assertThat(Options.parse(o.toString())).isEqualTo(o);
        assertThat(Options.parse("objectNames=PID")).isEqualTo(Options.DEFAULTS);
        assertThatThrownBy(() -> Options.parse("objectNames=exe")).hasMessageContaining("'exe'").hasMessageContaining("pid or name");
    }
}
