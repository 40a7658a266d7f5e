package io.github.jpsutil.micrometer;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link ProcessTreeMetrics} publishes.
 *
 * @param children whether to publish the host's descendants (per pid, per executable name, whole tree)
 * @param interval how often the descendants are listed and read; {@link Duration#ZERO} for never on
 *                 its own (the caller calls {@link ProcessTreeMetrics#refresh()})
 * @param maxPids  how many descendants at a time get meters of their own (tagged with their pid); the
 *                 others count in the totals only, so that a service that forks a lot keeps a bounded
 *                 number of series
 * @param naming   Micrometer-style or OpenTelemetry semantic-convention names
 */
public record MeterOptions(boolean children, Duration interval, int maxPids, MeterNaming naming) {
    /** The shortest interval: reading every descendant's /proc files more often costs more than it tells. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    public MeterOptions {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(naming, "naming");
        if (!interval.isZero() && interval.compareTo(MIN_INTERVAL) < 0)
            throw new IllegalArgumentException("interval " + interval + " is below " + MIN_INTERVAL + " (or zero for none)");
        if (maxPids < 0) throw new IllegalArgumentException("maxPids " + maxPids + " is negative");
    }

    /** Descendants on, every 10 seconds, at most 100 with meters of their own, Micrometer-style names. */
    public static MeterOptions defaults() {
        return new MeterOptions(true, Duration.ofSeconds(10), 100, MeterNaming.MICROMETER);
    }

    public MeterOptions withChildren(boolean value) {
        return new MeterOptions(value, interval, maxPids, naming);
    }

    public MeterOptions withInterval(Duration value) {
        return new MeterOptions(children, value, maxPids, naming);
    }

    public MeterOptions withMaxPids(int value) {
        return new MeterOptions(children, interval, value, naming);
    }

    public MeterOptions withNaming(MeterNaming value) {
        return new MeterOptions(children, interval, maxPids, value);
    }
}
