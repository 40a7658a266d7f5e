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
        assertThat(Options.DEFAULTS).isEqualTo(new Options(Duration.ofSeconds(5), true, false, false, Options.Events.AUTO, 100));
    }

    @Test
    void everyKey() {
        Options o = Options.parse("interval=500ms, children=false,readOnly=TRUE,allowSelfSignals=true,events=POLL,exitedKept=7,");
        assertThat(o).isEqualTo(new Options(Duration.ofMillis(500), false, true, true, Options.Events.POLL, 7));
        assertThat(Options.parse("interval=1m").interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Options.parse("interval=2h").interval()).isEqualTo(Duration.ofHours(2));
        assertThat(Options.parse("readonly=true").readOnly()).isTrue();
    }

    @Test
    void toStringParsesBackToTheSame() {
        Options o = new Options(Duration.ofMillis(1500), false, true, false, Options.Events.POLL, 0);
        assertThat(o.toString()).isEqualTo("interval=1500ms,children=false,readOnly=true,allowSelfSignals=false,events=poll,exitedKept=0");
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
}
