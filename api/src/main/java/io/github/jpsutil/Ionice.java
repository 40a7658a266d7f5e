package io.github.jpsutil;

/** A process' I/O priority: its class and, for {@code RT} and {@code BE}, a level from 0 (highest) to 7. */
public record Ionice(IoClass ioclass, int value) {
}
