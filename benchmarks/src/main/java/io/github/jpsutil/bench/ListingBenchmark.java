package io.github.jpsutil.bench;

import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

import java.util.Iterator;

/**
 * Every process on the machine with the classic attributes. Each benchmark
 * counts the processes it read (see {@link Processes}); run.sh reports microseconds per process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class ListingBenchmark {
    private Psutil psutil;
    private OperatingSystem oshi;

    @Setup
    public void setUp() {
        psutil = Psutil.local();
        oshi = new SystemInfo().getOperatingSystem();
    }

    /** psutil.process_iter(attrs=[...]): oneshotProcesses(), a oneshot view of each process. */
    @Benchmark
    public void jpsutil(Processes count, CpuTime cpu, Blackhole bh) {
        long t0 = CpuTime.now();
        long n = 0;
        for (Iterator<OsProcess> it = psutil.oneshotProcesses().iterator(); it.hasNext(); ) {
            try {
                Classic.read(it.next(), bh);
                n++;
            } catch (NoSuchProcess gone) {
                // exited while listed: psutil's process_iter skips it too
            }
        }
        count.processes += n;
        cpu.add(t0, n);
    }

    /** The same from plain handles: processes(), then oneshot() on each (stat is read twice). */
    @Benchmark
    public void jpsutilHandles(Processes count, CpuTime cpu, Blackhole bh) {
        long t0 = CpuTime.now();
        long n = 0;
        for (Iterator<OsProcess> it = psutil.processes().iterator(); it.hasNext(); ) {
            try {
                Classic.read(it.next().oneshot(), bh);
                n++;
            } catch (NoSuchProcess gone) {
                // exited while listed: psutil's process_iter skips it too
            }
        }
        count.processes += n;
        cpu.add(t0, n);
    }

    /** OSHI's getProcesses() and the getters for the same attributes, except the user name. */
    @Benchmark
    public void oshi(Processes count, CpuTime cpu, Blackhole bh) {
        long t0 = CpuTime.now();
        long n = 0;
        for (OSProcess p : oshi.getProcesses()) {
            readOshi(p, bh);
            n++;
        }
        count.processes += n;
        cpu.add(t0, n);
    }

    /** The same with getUser(), which OSHI 6.9.1 resolves per process. */
    @Benchmark
    public void oshiWithUser(Processes count, CpuTime cpu, Blackhole bh) {
        long t0 = CpuTime.now();
        long n = 0;
        for (OSProcess p : oshi.getProcesses()) {
            readOshi(p, bh);
            bh.consume(p.getUser());
            n++;
        }
        count.processes += n;
        cpu.add(t0, n);
    }

    /**
     * OSHI's nearest getters: it has no saved ids and no nice value (getPriority is the
     * kernel's priority field), and fills everything but the command line in getProcesses().
     */
    static void readOshi(OSProcess p, Blackhole bh) {
        bh.consume(p.getProcessID());
        bh.consume(p.getParentProcessID());
        bh.consume(p.getName());
        bh.consume(p.getPath());
        bh.consume(p.getArguments());
        bh.consume(p.getStartTime());
        bh.consume(p.getUserID());
        bh.consume(p.getGroupID());
        bh.consume(p.getState());
        bh.consume(p.getPriority());
        bh.consume(p.getThreadCount());
        bh.consume(p.getUserTime());
        bh.consume(p.getKernelTime());
        bh.consume(p.getResidentSetSize());
        bh.consume(p.getVirtualSize());
        bh.consume(p.getBytesRead());
        bh.consume(p.getBytesWritten());
    }
}
