package io.github.jpsutil;

/**
 * Counts of CPU events since boot (psutil's {@code scpustats}): context switches, hardware
 * interrupts, software interrupts, and system calls, which Linux does not count (always 0, as in psutil).
 */
public record CpuStats(long ctxSwitches, long interrupts, long softInterrupts, long syscalls) {
}
