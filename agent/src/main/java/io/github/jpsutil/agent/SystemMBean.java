package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import io.github.jpsutil.SystemMetrics;
import io.github.jpsutil.SystemView;

import javax.management.ImmutableDescriptor;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import java.util.List;
import java.util.function.DoubleSupplier;

/** {@code jpsutil:type=System}: the machine's CPUs, memory and swap, read at read time. */
final class SystemMBean extends OpenDynamicMBean<SystemMBean.Read> {
    /** What one getAttribute(s) call reads from: one view of the machine, and the sampler's CPU figure. */
    record Read(SystemView view, double cpuPercent) {
    }

    static final List<Attr<Read>> ATTRS = Attr.of(SystemMetrics.ALL, Read::view, Read::cpuPercent);


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
        return new Read(ps.oneshot(), cpuPercent.getAsDouble());
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return INFO;
    }
}
