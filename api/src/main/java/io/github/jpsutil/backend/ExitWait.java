package io.github.jpsutil.backend;

import java.util.OptionalInt;

/**
 * What a wait for a process in the kernel found: whether it ended within the time given, and its
 * exit status in psutil's form (the exit code, or minus the signal) where the kernel told it.
 */
public record ExitWait(boolean ended, OptionalInt status) {
}
