package io.github.jpsutil;

import io.github.jpsutil.ProcessExit.OomKilled;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule of OOM attribution, on every combination of exit status and OOM-kill counts. */
class ProcessExitTest {
    private final AtomicInteger afterReads = new AtomicInteger();

    private LongSupplier after(long count) {
        return () -> {
            afterReads.incrementAndGet();
            return count;
        };
    }

    private static final OptionalInt SIGKILLED = OptionalInt.of(-9);

    @Test
    void aSigkillWhileTheCountRoseIsAnOomKill() {
        ProcessExit e = ProcessExit.attribute(SIGKILLED, 4, after(5));
        assertThat(e.oomKilled()).isEqualTo(OomKilled.YES);
        assertThat(e.isOomKilled()).isTrue();
        assertThat(e.oomKilled().asBoolean()).isTrue();
        assertThat(e.signal()).hasValue(9);
        assertThat(e.exitCode()).isEmpty();
        assertThat(e.returncode()).hasValue(-9);
    }

    @Test
    void aSigkillWithoutARiseIsNot() {
        ProcessExit e = ProcessExit.attribute(SIGKILLED, 5, after(5));
        assertThat(e.oomKilled()).isEqualTo(OomKilled.NO);
        assertThat(e.oomKilled().asBoolean()).isFalse();
        assertThat(e.isOomKilled()).isFalse();
    }

    @Test
    void aSigkillIsUnknownWhenEitherCountCannotBeRead() {
        assertThat(ProcessExit.attribute(SIGKILLED, -1, after(7)).oomKilled()).isEqualTo(OomKilled.UNKNOWN);
        assertThat(afterReads).as("no count after without one before").hasValue(0);
        ProcessExit unreadableAfter = ProcessExit.attribute(SIGKILLED, 3, after(-1));
        assertThat(unreadableAfter.oomKilled()).isEqualTo(OomKilled.UNKNOWN);
        assertThat(unreadableAfter.oomKilled().asBoolean()).isNull();
        assertThat(unreadableAfter.isOomKilled()).isFalse();
    }

    @Test
    void anExitOrAnotherSignalIsNeverAnOomKillAndNeedsNoCount() {
        ProcessExit three = ProcessExit.attribute(OptionalInt.of(3), -1, after(9));
        assertThat(three.oomKilled()).isEqualTo(OomKilled.NO);
        assertThat(three.exitCode()).hasValue(3);
        assertThat(three.signal()).isEmpty();
        ProcessExit zero = ProcessExit.attribute(OptionalInt.of(0), 0, after(1));
        assertThat(zero.oomKilled()).isEqualTo(OomKilled.NO);
        assertThat(zero.exitCode()).hasValue(0);
        ProcessExit terminated = ProcessExit.attribute(OptionalInt.of(-15), 0, after(1));
        assertThat(terminated.oomKilled()).isEqualTo(OomKilled.NO);
        assertThat(terminated.signal()).hasValue(15);
        assertThat(afterReads).as("the count after is read only for a SIGKILL").hasValue(0);
    }

    @Test
    void anUnknownStatusIsUnknown() {
        ProcessExit e = ProcessExit.attribute(OptionalInt.empty(), 0, after(1));
        assertThat(e.oomKilled()).isEqualTo(OomKilled.UNKNOWN);
        assertThat(e.exitCode()).isEmpty();
        assertThat(e.signal()).isEmpty();
        assertThat(afterReads).hasValue(0);
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> new ProcessExit(null, OomKilled.NO)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("returncode");
        assertThatThrownBy(() -> new ProcessExit(OptionalInt.empty(), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("oomKilled");
    }
}
