package io.github.jpsutil;

/** How the catalogs derive one name from another. */
final class MetricNames {
    private MetricNames() {
    }

    /** An MBean attribute's Prometheus spelling: DiskReadBytesTotal to disk_read_bytes_total. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
