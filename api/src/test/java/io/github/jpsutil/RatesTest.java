package io.github.jpsutil;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The formulas of device rates: per second and busy percent, never negative, busy at most 100. */
class RatesTest {
    @Test
    void perSecond() {
        assertThat(Rates.perSecond(1000, 6000, 2.0)).isEqualTo(2500.0);
        assertThat(Rates.perSecond(6000, 1000, 2.0)).as("a counter that went back").isZero();
        assertThat(Rates.perSecond(0, 100, 0)).as("no window").isZero();
        assertThat(Rates.perSecond(0, 1, 3.0)).isEqualTo(0.3);
    }

    @Test
    void busyPercent() {
        assertThat(Rates.busyPercent(100, 600, 1.0)).isEqualTo(50.0);
        // the kernel's busy time may run a little ahead of the sampler's clock
        assertThat(Rates.busyPercent(0, 1100, 1.0)).isEqualTo(100.0);
        assertThat(Rates.busyPercent(500, 400, 1.0)).isZero();
    }
}
