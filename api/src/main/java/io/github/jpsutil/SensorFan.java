package io.github.jpsutil;

/** A fan (psutil's {@code sfan}, with the chip psutil keys it by): its speed in RPM. */
public record SensorFan(String chip, String label, long current) {
}
