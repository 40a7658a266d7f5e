package io.github.jpsutil.agent;

import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenType;
import java.util.function.Function;

/**
 * One attribute of an open MBean: its name, open type, unit (the JMX descriptor field "units",
 * null for none), description, and how to read it from a read context {@code C}.
 */
record Attr<C>(String name, OpenType<?> type, String units, String description, Function<C, Object> getter) {
    OpenMBeanAttributeInfoSupport info(boolean writable) {
        Descriptor d = units == null ? ImmutableDescriptor.EMPTY_DESCRIPTOR : new ImmutableDescriptor("units=" + units);
        return new OpenMBeanAttributeInfoSupport(name, description, type, true, writable, false, d);
    }
}
