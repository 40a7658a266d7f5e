package io.github.jpsutil.linux;

import io.github.jpsutil.ProcessEvent;

import java.nio.ByteBuffer;

import static io.github.jpsutil.linux.ProcConnector.EVENT;
import static io.github.jpsutil.linux.ProcConnector.EV_EXEC;
import static io.github.jpsutil.linux.ProcConnector.EV_EXIT;
import static io.github.jpsutil.linux.ProcConnector.EV_FORK;

/** The process events connector's messages, parsed: bytes in, a {@link ProcessEvent} out, no I/O. */
final class ProcEventParser {
    private ProcEventParser() {
    }

    /** The process-level event in one datagram; null for threads and for the kinds not reported. */
    static ProcessEvent parse(ByteBuffer m, int at, int length) {
        if (length < EVENT + 16 + 8) return null;
        int what = m.getInt(at + EVENT);
        long nanos = m.getLong(at + EVENT + 8);
        int d = at + EVENT + 16;
        switch (what) {
            case EV_FORK -> {
                int parentTgid = m.getInt(d + 4), childPid = m.getInt(d + 8), childTgid = m.getInt(d + 12);
                return childPid != childTgid ? null : new ProcessEvent(ProcessEvent.Kind.FORK, childPid, parentTgid, 0, nanos);
            }
            case EV_EXEC -> {
                return new ProcessEvent(ProcessEvent.Kind.EXEC, m.getInt(d + 4), 0, 0, nanos);
            }
            case EV_EXIT -> {
                if (length < EVENT + 16 + 24) return null;
                int pid = m.getInt(d), tgid = m.getInt(d + 4), code = m.getInt(d + 8), parentTgid = m.getInt(d + 20);
                return pid != tgid ? null : new ProcessEvent(ProcessEvent.Kind.EXIT, pid, parentTgid, ExitWaiter.psutilForm(code), nanos);
            }
            default -> {
                return null;
            }
        }
    }
}
