package io.github.jpsutil;

/**
 * The battery (psutil's {@code sbattery}): charge in percent, seconds left on battery (-2 when
 * plugged in: psutil's POWER_TIME_UNLIMITED; -1 when unknown: POWER_TIME_UNKNOWN), and whether
 * it is on mains power (null when unknown).
 */
public record Battery(double percent, long secsleft, Boolean powerPlugged) {
    public static final long POWER_TIME_UNLIMITED = -2;
    public static final long POWER_TIME_UNKNOWN = -1;
}
