package io.github.jpsutil.micrometer;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.Metric;
import io.github.jpsutil.ZombieProcess;

import java.util.List;

/** The latest values of one source (a process, a total), in the order of its list of metrics; meters read from here. */
final class Readings {
    private volatile double[] values;

    Readings(int size) {
        values = new double[size];
        java.util.Arrays.fill(values, Double.NaN);
    }

    double get(int i) {
        return values[i];
    }

    double[] all() {
        return values;
    }

    void set(double[] v) {
        values = v;
    }

    /** Reads each value from {@code view}; one the kernel denies is NaN. NoSuchProcess passes through. */
    static <S> double[] read(List<Metric<S>> metrics, S view) {
        double[] out = new double[metrics.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = ((Number) metrics.get(i).readFrom(view)).doubleValue();
            } catch (AccessDenied | ZombieProcess e) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /** Adds {@code v} into {@code sum}, leaving out what could not be read. */
    static void addInto(double[] sum, double[] v) {
        for (int i = 0; i < sum.length; i++) if (!Double.isNaN(v[i])) sum[i] += v[i];
    }
}
