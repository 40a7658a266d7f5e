package io.github.jpsutil;

/** One thread of a process: its id (tid) and CPU seconds (psutil's {@code pthread}). */
public record ThreadTimes(long id, double user, double system) {
}
