package io.github.jpsutil;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * How a process ended, as {@link OsProcess#waitForExit} learns it: its exit status and whether the
 * kernel's OOM killer ended it.
 *
 * @param returncode the exit status in psutil's form (the exit code, or minus the signal that ended
 *                   it), empty where it cannot be known (see {@link OsProcess#waitFor})
 * @param oomKilled  whether the OOM killer ended it; see {@link #attribute} for when it is known
 */
public record ProcessExit(OptionalInt returncode, OomKilled oomKilled) {
    /** Whether the OOM killer ended a process. */
    public enum OomKilled {
        /** It died by SIGKILL while its memory cgroup's OOM-kill count rose. */
        YES,
        /** It ended otherwise: by its own exit, by another signal, or by a SIGKILL the count did not follow. */
        NO,
        /** Its exit status is unknown, or it died by SIGKILL and its cgroup's OOM-kill count could not be read. */
        UNKNOWN;

        /** True, false, or null when unknown (as the agent's exit notification carries it). */
        public Boolean asBoolean() {
            return this == UNKNOWN ? null : this == YES;
        }
    }

    public ProcessExit {
        Objects.requireNonNull(returncode, "returncode");
        Objects.requireNonNull(oomKilled, "oomKilled");
    }

    /**
     * The one rule of OOM attribution. The OOM killer ends its victim with SIGKILL and counts the
     * kill in the victim's memory cgroup (v2: oom_kill of memory.events; v1: oom_kill of
     * memory.oom_control) just before it sends the signal. So: {@link OomKilled#YES} for a death
     * by SIGKILL while that count rose from a reading taken while the process was alive to one
     * taken after its exit; {@link OomKilled#NO} for any other known status, or a SIGKILL without
     * a rise; {@link OomKilled#UNKNOWN} when the status is unknown or a count could not be read.
     * A SIGKILL sent by hand while the OOM killer killed another process of the same cgroup
     * between the two readings is taken for an OOM kill: the kernel's counts cannot tell them apart.
     *
     * @param returncode     the exit status in psutil's form, empty when unknown
     * @param oomKillsBefore the cgroup's OOM-kill count read while the process was alive; negative
     *                       when it could not be read
     * @param oomKillsAfter  reads the count after the exit (asked only for a death by SIGKILL with a
     *                       count before); negative when it cannot be read
     */
    public static ProcessExit attribute(OptionalInt returncode, long oomKillsBefore, LongSupplier oomKillsAfter) {
        if (returncode.isEmpty()) return new ProcessExit(returncode, OomKilled.UNKNOWN);
        if (returncode.getAsInt() != -Signals.SIGKILL) return new ProcessExit(returncode, OomKilled.NO);
        if (oomKillsBefore < 0) return new ProcessExit(returncode, OomKilled.UNKNOWN);
        long after = oomKillsAfter.getAsLong();
        return new ProcessExit(returncode, after < 0 ? OomKilled.UNKNOWN : after > oomKillsBefore ? OomKilled.YES : OomKilled.NO);
    }

    /** The exit code when the process exited by itself; empty when a signal ended it or the status is unknown. */
    public OptionalInt exitCode() {
        return returncode.isPresent() && returncode.getAsInt() >= 0 ? returncode : OptionalInt.empty();
    }

    /** The signal that ended the process; empty when it exited by itself or the status is unknown. */
    public OptionalInt signal() {
        return returncode.isPresent() && returncode.getAsInt() < 0 ? OptionalInt.of(-returncode.getAsInt()) : OptionalInt.empty();
    }

    /** Whether the OOM killer is known to have ended the process. */
    public boolean isOomKilled() {
        return oomKilled == OomKilled.YES;
    }
}
