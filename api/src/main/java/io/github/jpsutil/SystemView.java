package io.github.jpsutil;

/**
 * The machine at one instant (from {@link Psutil#oneshot()}): each system file is read at most once,
 * and only when a value needs it, so that many values can be read together cheaply and
 * consistently. Meant for one thread; take a new view for new values.
 */
public final class SystemView {
    private final Psutil ps;
    private SystemCpuTimes cpuTimes;
    private VirtualMemory virtualMemory;
    private SwapMemory swapMemory;

    SystemView(Psutil ps) {
        this.ps = ps;
    }

    public SystemCpuTimes cpuTimes() {
        if (cpuTimes == null) cpuTimes = ps.cpuTimes();
        return cpuTimes;
    }

    public VirtualMemory virtualMemory() {
        if (virtualMemory == null) virtualMemory = ps.virtualMemory();
        return virtualMemory;
    }

    public SwapMemory swapMemory() {
        if (swapMemory == null) swapMemory = ps.swapMemory();
        return swapMemory;
    }

    /** {@link Psutil#cpuPercent()}: since the previous call on the machine's object. */
    public double cpuPercent() {
        return ps.cpuPercent();
    }

    public int cpuCount() {
        return ps.cpuCount();
    }

    public double bootTime() {
        return ps.bootTime();
    }

    /** How many processes the machine has now. */
    public int processCount() {
        return ps.pids().length;
    }

    private Pressure pressure;
    private boolean pressureRead;

    /** {@link Psutil#pressure()}, read once; null when the kernel has no pressure information. */
    public Pressure pressure() {
        if (!pressureRead) {
            pressure = ps.pressure();
            pressureRead = true;
        }
        return pressure;
    }
}
