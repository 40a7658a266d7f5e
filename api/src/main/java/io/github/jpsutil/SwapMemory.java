package io.github.jpsutil;

/** Swap in bytes (psutil's {@code swap_memory()}); {@code sin}/{@code sout} are bytes swapped in/out since boot. */
public record SwapMemory(long total, long used, long free, double percent, long sin, long sout) {
}
