package io.github.jpsutil.agent;

import io.github.jpsutil.Cgroup;
import io.github.jpsutil.CgroupMetrics;
import io.github.jpsutil.OsProcess;

import javax.management.ImmutableDescriptor;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * {@code jpsutil:type=Container,scope=self}: the cgroup of the host JVM (its container's limits, use
 * and pressure); and {@code jpsutil:type=Container,scope=child|watched,pid=N} for a tracked process
 * whose cgroup is not the JVM's. Its attributes are the {@link CgroupMetrics} catalog, read from the
 * cgroup the process is in at read time; a value the cgroup does not have (no such controller, no
 * limit) is null.
 */
final class ContainerMBean extends OpenDynamicMBean<Cgroup> {
    static final List<Attr<Cgroup>> ATTRS = Attr.of(CgroupMetrics.ALL, c -> c, c -> {
        throw new IllegalStateException("no sampled cgroup values");
    });

    private static final MBeanInfo INFO = new OpenMBeanInfoSupport(ContainerMBean.class.getName(),
            "The cgroup of a process (for scope=self, the host JVM's container): memory, CPU quota and throttling, pids,"
                    + " I/O per device and pressure; null where the cgroup has no such controller or no limit",
            ATTRS.stream().map(a -> a.info(false)).toArray(OpenMBeanAttributeInfo[]::new),
            new OpenMBeanConstructorInfo[0], new OpenMBeanOperationInfo[0], new MBeanNotificationInfo[0],
            new ImmutableDescriptor("immutableInfo=true"));

    private final OsProcess process;

    ContainerMBean(OsProcess process, String subject, BiConsumer<String, Throwable> faults) {
        super(ATTRS, faults, subject);
        this.process = process;
    }

    static ObjectName objectName(String scope, long pid) {
        try {
            return new ObjectName("jpsutil:type=Container,scope=" + scope + (scope.equals(Tracked.SELF) ? "" : ",pid=" + pid));
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Cgroup read() {
        return process.cgroup();
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return INFO;
    }
}
