package io.github.jpsutil;

/**
 * A temperature sensor (psutil's {@code shwtemp}, with the chip psutil keys it by): degrees
 * Celsius now, and the high and critical thresholds (null where the sensor has none).
 */
public record SensorTemperature(String chip, String label, double current, Double high, Double critical) {
}
