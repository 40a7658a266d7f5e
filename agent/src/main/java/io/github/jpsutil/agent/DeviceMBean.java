package io.github.jpsutil.agent;

import io.github.jpsutil.Metric;

import javax.management.ImmutableDescriptor;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One device of the machine ({@code jpsutil:type=Disk}, {@code NetworkInterface} or
 * {@code FileSystem}): its catalog's values, read at read time, and the rates the sampler
 * computed over its last window. No operations.
 *
 * @param <S> the reading of one device (DeviceMetrics.Disk, Nic or FileSystem)
 */
final class DeviceMBean<S> extends OpenDynamicMBean<DeviceMBean.Read<S>> {
    /** One read: the device now, and the sampler's rates for it. */
    record Read<S>(S reading, Map<String, Double> rates) {
    }

    /** A type of device: its catalog, the MBean's description, and its attributes and MBeanInfo, made once. */
    static final class Kind<S> {
        final String type;
        final List<Metric<S>> catalog;
        final List<Attr<Read<S>>> attrs;
        final MBeanInfo info;

        Kind(String type, String description, List<Metric<S>> catalog) {
            this.type = type;
            this.catalog = catalog;
            this.attrs = Attr.ofDevice(catalog, Read::reading, Read::rates);
            this.info = new OpenMBeanInfoSupport(DeviceMBean.class.getName(), description,
                    attrs.stream().map(a -> a.info(false)).toArray(OpenMBeanAttributeInfo[]::new),
                    new OpenMBeanConstructorInfo[0], new OpenMBeanOperationInfo[0], new MBeanNotificationInfo[0],
                    new ImmutableDescriptor("immutableInfo=true"));
        }
    }

    private final Kind<S> kind;
    private final Supplier<S> reading;
    private final Supplier<Map<String, Double>> rates;

    DeviceMBean(Kind<S> kind, String subject, Supplier<S> reading, Supplier<Map<String, Double>> rates,
                BiConsumer<String, Throwable> faults) {
        super(kind.attrs, faults, subject);
        this.kind = kind;
        this.reading = reading;
        this.rates = rates;
    }

    @Override
    Read<S> read() {
        return new Read<>(reading.get(), rates.get());
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return kind.info;
    }
}
