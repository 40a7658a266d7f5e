package io.github.jpsutil;

/**
 * System memory in bytes, with psutil's {@code virtual_memory()} fields and formulas on Linux:
 * {@code cached} = Cached + SReclaimable, {@code used} = total - free - cached - buffers,
 * {@code percent} = (total - available) / total * 100, rounded to one decimal.
 */
public record VirtualMemory(long total, long available, double percent, long used, long free, long active,
                            long inactive, long buffers, long cached, long shared, long slab) {
}
