package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import io.github.jpsutil.SwapMemory;
import io.github.jpsutil.SystemCpuTimes;
import io.github.jpsutil.VirtualMemory;

import javax.management.ImmutableDescriptor;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.SimpleType;
import java.util.List;
import java.util.function.DoubleSupplier;

/** {@code jpsutil:type=System}: the machine's CPUs, memory and swap, read at read time. */
final class SystemMBean extends OpenDynamicMBean<SystemMBean.Read> {
    /** One call's readings: each system file is read at most once, and only if an attribute needs it. */
    static final class Read {
        final Psutil ps;
        final double cpuPercent;
        private SystemCpuTimes cpu;
        private VirtualMemory mem;
        private SwapMemory swap;

        Read(Psutil ps, double cpuPercent) {
            this.ps = ps;
            this.cpuPercent = cpuPercent;
        }

        SystemCpuTimes cpu() {
            if (cpu == null) cpu = ps.cpuTimes();
            return cpu;
        }

        VirtualMemory mem() {
            if (mem == null) mem = ps.virtualMemory();
            return mem;
        }

        SwapMemory swap() {
            if (swap == null) swap = ps.swapMemory();
            return swap;
        }
    }

    static final List<Attr<Read>> ATTRS = List.of(
            new Attr<>("NumCpus", SimpleType.INTEGER, null, "Logical CPUs online", r -> r.ps.cpuCount()),
            new Attr<>("BootTimeSeconds", SimpleType.DOUBLE, "seconds", "When the machine booted, in seconds since the epoch",
                    r -> r.ps.bootTime()),
            new Attr<>("CpuPercent", SimpleType.DOUBLE, "percent",
                    "Machine-wide CPU use over the agent's last sampling window, 0-100; the same for every client",
                    r -> r.cpuPercent),
            cpu("User", "in user mode (guest time included)", c -> c.user()),
            cpu("System", "in kernel mode", c -> c.system()),
            cpu("Idle", "idle", c -> c.idle()),
            cpu("Nice", "in user mode at a positive nice value", c -> c.nice()),
            cpu("Iowait", "idle while waiting for I/O", c -> c.iowait()),
            cpu("Irq", "serving hardware interrupts", c -> c.irq()),
            cpu("Softirq", "serving software interrupts", c -> c.softirq()),
            cpu("Steal", "taken by the hypervisor for other guests", c -> c.steal()),
            mem("Total", "Physical memory", m -> m.total()),
            mem("Available", "Memory available to new programs without swapping (MemAvailable)", m -> m.available()),
            mem("Used", "Memory in use: total - free - cached - buffers, as psutil computes it", m -> m.used()),
            mem("Free", "Memory not used at all (MemFree)", m -> m.free()),
            mem("Cached", "Page cache and reclaimable slab (Cached + SReclaimable)", m -> m.cached()),
            mem("Buffers", "Block device buffers", m -> m.buffers()),
            mem("Shared", "Shared memory and tmpfs (Shmem)", m -> m.shared()),
            new Attr<>("MemoryPercent", SimpleType.DOUBLE, "percent", "(total - available) / total, in percent",
                    r -> r.mem().percent()),
            new Attr<>("SwapTotalBytes", SimpleType.LONG, "bytes", "Swap space", r -> r.swap().total()),
            new Attr<>("SwapUsedBytes", SimpleType.LONG, "bytes", "Swap in use", r -> r.swap().used()),
            new Attr<>("SwapFreeBytes", SimpleType.LONG, "bytes", "Swap not in use", r -> r.swap().free()),
            new Attr<>("SwapPercent", SimpleType.DOUBLE, "percent", "Swap in use, in percent of the total", r -> r.swap().percent()),
            new Attr<>("ProcessCount", SimpleType.INTEGER, null, "Number of processes on the machine", r -> r.ps.pids().length));

    private static Attr<Read> cpu(String mode, String what, java.util.function.ToDoubleFunction<SystemCpuTimes> f) {
        return new Attr<>("Cpu" + mode + "SecondsTotal", SimpleType.DOUBLE, "seconds",
                "Time all CPUs spent " + what + ", in seconds since boot", r -> f.applyAsDouble(r.cpu()));
    }

    private static Attr<Read> mem(String field, String what, java.util.function.ToLongFunction<VirtualMemory> f) {
        return new Attr<>("Memory" + field + "Bytes", SimpleType.LONG, "bytes", what + ", in bytes", r -> f.applyAsLong(r.mem()));
    }

    private static final MBeanInfo INFO = new OpenMBeanInfoSupport(SystemMBean.class.getName(),
            "The machine: CPUs, memory and swap (psutil's cpu_times, cpu_percent, virtual_memory, swap_memory)",
            ATTRS.stream().map(a -> a.info(false)).toArray(OpenMBeanAttributeInfo[]::new),
            new OpenMBeanConstructorInfo[0], new OpenMBeanOperationInfo[0], new MBeanNotificationInfo[0],
            new ImmutableDescriptor("immutableInfo=true"));

    private final Psutil ps;
    private final DoubleSupplier cpuPercent;

    SystemMBean(Psutil ps, DoubleSupplier cpuPercent, java.util.function.BiConsumer<String, Throwable> faults) {
        super(ATTRS, faults, "jpsutil:type=System");
        this.ps = ps;
        this.cpuPercent = cpuPercent;
    }

    @Override
    Read read() {
        return new Read(ps, cpuPercent.getAsDouble());
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return INFO;
    }

    @Override
    public Object invoke(String op, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(op), "jpsutil:type=System has no operations");
    }
}
