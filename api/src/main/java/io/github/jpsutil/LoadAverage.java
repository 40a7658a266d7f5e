package io.github.jpsutil;

import java.util.List;

/** Runnable and uninterruptible tasks averaged over 1, 5 and 15 minutes (psutil's {@code getloadavg()}). */
public record LoadAverage(double load1, double load5, double load15) {
    /** As psutil returns it: a tuple of the three. */
    public List<Double> asList() {
        return List.of(load1, load5, load15);
    }
}
