package io.github.jpsutil;

import java.time.Duration;

/** {@link OsProcess#waitFor(Duration)} ran out of time while the process still ran. */
public class TimeoutExpired extends ProcessError {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    public TimeoutExpired(long pid, String name, Duration timeout) {
        super(pid, name, "TimeoutExpired", "still running after " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
