package io.github.jpsutil.bench;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.OsProcess;
import org.openjdk.jmh.infra.Blackhole;

import java.util.function.Supplier;

/**
 * The "classic" attributes, read the way psutil's {@code process_iter(attrs)} reads
 * them: from one oneshot view per process, an attribute the kernel refuses (AccessDenied) becomes
 * null and the others are still read; NoSuchProcess (the process exited) is left to the caller.
 */
final class Classic {
    private Classic() {
    }

    /** pid, ppid, name, exe, cmdline, create time, uids, gids, username, status, nice, threads, cpu, memory, io. */
    static void read(OsProcess p, Blackhole bh) {
        bh.consume(p.pid());
        bh.consume(get(p::ppid));
        bh.consume(get(p::name));
        bh.consume(get(p::exe));
        bh.consume(get(p::cmdline));
        bh.consume(get(p::createTime));
        bh.consume(get(p::uids));
        bh.consume(get(p::gids));
        bh.consume(get(p::username));
        bh.consume(get(p::status));
        bh.consume(get(p::nice));
        bh.consume(get(p::numThreads));
        bh.consume(get(p::cpuTimes));
        bh.consume(get(p::memoryInfo));
        bh.consume(get(p::ioCounters));
    }

    private static Object get(Supplier<?> attribute) {
        try {
            return attribute.get();
        } catch (AccessDenied e) {
            return null; // psutil's ad_value
        }
    }
}
