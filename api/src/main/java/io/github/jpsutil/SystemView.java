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

    // ---- machine-wide values beyond psutil's classic ones ----------------------------------------

    private java.util.List<SystemCpuTimes> cpuTimesPercpu;
    private java.util.List<Double> cpuPercentPercpu;
    private SystemCpuTimes cpuTimesPercent;
    private CpuStats cpuStats;
    private java.util.List<CpuFreq> cpuFreqPercpu;
    private LoadAverage loadAverage;

    /** Physical cores, or null where the kernel does not say (psutil's {@code cpu_count(logical=False)}). */
    public Integer cpuCountPhysical() {
        int n = ps.cpuCount(false);
        return n < 0 ? null : n;
    }

    public java.util.List<SystemCpuTimes> cpuTimesPercpu() {
        if (cpuTimesPercpu == null) cpuTimesPercpu = ps.cpuTimesPercpu();
        return cpuTimesPercpu;
    }

    /** {@link Psutil#cpuPercentPercpu}: since the previous call on the machine's object (once per view). */
    public java.util.List<Double> cpuPercentPercpu() {
        if (cpuPercentPercpu == null) cpuPercentPercpu = ps.cpuPercentPercpu(null);
        return cpuPercentPercpu;
    }

    /** {@link Psutil#cpuTimesPercent}: since the previous call on the machine's object (once per view). */
    public SystemCpuTimes cpuTimesPercent() {
        if (cpuTimesPercent == null) cpuTimesPercent = ps.cpuTimesPercent(null);
        return cpuTimesPercent;
    }

    public CpuStats cpuStats() {
        if (cpuStats == null) cpuStats = ps.cpuStats();
        return cpuStats;
    }

    public java.util.List<CpuFreq> cpuFreqPercpu() {
        if (cpuFreqPercpu == null) cpuFreqPercpu = ps.cpuFreqPercpu();
        return cpuFreqPercpu;
    }

    /** The mean clock of {@link #cpuFreqPercpu()}, or null where the machine does not tell. */
    public CpuFreq cpuFreq() {
        return CpuFreq.mean(cpuFreqPercpu()).orElse(null);
    }

    public LoadAverage getloadavg() {
        if (loadAverage == null) loadAverage = ps.getloadavg();
        return loadAverage;
    }

    private java.util.List<DiskPartition> diskPartitions;
    private java.util.Map<String, DiskIoCounters> diskIoCountersPerdisk;

    /**
     * File systems on devices (psutil's {@code disk_partitions()}), without maxfile and maxpath
     * (null): the view makes no native call, so that the agent never loads a native library to read it.
     */
    public java.util.List<DiskPartition> diskPartitions() {
        if (diskPartitions == null) diskPartitions = ps.diskPartitions(false, false);
        return diskPartitions;
    }

    public java.util.Map<String, DiskIoCounters> diskIoCountersPerdisk() {
        if (diskIoCountersPerdisk == null) diskIoCountersPerdisk = ps.diskIoCountersPerdisk();
        return diskIoCountersPerdisk;
    }

    /** All whole disks together, from the same reading as {@link #diskIoCountersPerdisk()}; null without disks. */
    public DiskIoCounters diskIoCounters() {
        return DiskIoCounters.total(diskIoCountersPerdisk(), ps.wholeDisks()).orElse(null);
    }

    private java.util.Map<String, NetIoCounters> netIoCountersPernic;

    public java.util.Map<String, NetIoCounters> netIoCountersPernic() {
        if (netIoCountersPernic == null) netIoCountersPernic = ps.netIoCountersPernic();
        return netIoCountersPernic;
    }

    /** All interfaces together, from the same reading as {@link #netIoCountersPernic()}. */
    public NetIoCounters netIoCounters() {
        return NetMetrics.total(netIoCountersPernic());
    }

    public java.util.Map<String, NetIfStats> netIfStats() {
        return ps.netIfStats();
    }

    public java.util.List<NetIfAddress> netIfAddrs() {
        return ps.netIfAddrs();
    }

    public java.util.List<SensorTemperature> sensorsTemperatures() {
        return ps.sensorsTemperatures();
    }

    public java.util.List<SensorFan> sensorsFans() {
        return ps.sensorsFans();
    }

    /** The battery, or null where the machine has none (psutil's None). */
    public Battery sensorsBattery() {
        return ps.sensorsBattery().orElse(null);
    }

    public java.util.List<User> users() {
        return ps.users();
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
