package io.github.jpsutil;

/** Real, effective and saved user or group ids (psutil's {@code puids} / {@code pgids}). */
public record Ids(long real, long effective, long saved) {
}
