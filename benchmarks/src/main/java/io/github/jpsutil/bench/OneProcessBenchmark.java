package io.github.jpsutil.bench;

import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

import java.util.concurrent.TimeUnit;

/**
 * All classic attributes of this JVM's own process as one oneshot snapshot
 * (the handle is made once, as a program that watches itself keeps it; a fresh oneshot view per
 * read, so every read goes to the kernel).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OneProcessBenchmark {
    /** Reads per call, so that reading the CPU clock once per call costs nothing measurable. */
    static final int BATCH = 50;

    private OsProcess self;
    private OperatingSystem oshi;
    private int pid;

    @Setup
    public void setUp() {
        self = Psutil.local().self();
        oshi = new SystemInfo().getOperatingSystem();
        pid = (int) ProcessHandle.current().pid();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jpsutil(CpuTime cpu, Blackhole bh) {
        long t0 = CpuTime.now();
        for (int i = 0; i < BATCH; i++) Classic.read(self.oneshot(), bh);
        cpu.add(t0, BATCH);
    }

    /** OSHI's getProcess(pid) and the same getters (without getUser), for comparison. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void oshi(CpuTime cpu, Blackhole bh) {
        long t0 = CpuTime.now();
        for (int i = 0; i < BATCH; i++) ListingBenchmark.readOshi(oshi.getProcess(pid), bh);
        cpu.add(t0, BATCH);
    }
}
