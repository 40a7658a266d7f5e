package io.github.jpsutil.agent;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.ZombieProcess;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.ReflectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A dynamic MBean whose attributes are a fixed table of {@link Attr}s read from one context per
 * call: {@link #getAttributes} makes a single context (one oneshot view of a process), so the
 * values it returns come from the same reading of each file.
 */
abstract class OpenDynamicMBean<C> implements DynamicMBean {
    private final Map<String, Attr<C>> attrs = new LinkedHashMap<>();
    /** The attributes that are not heavy: a read that names them all is a read of everything. */
    private final java.util.Set<String> lightNames = new java.util.HashSet<>();
    private final BiConsumer<String, Throwable> faults;
    private final String subject;

    /**
     * {@code faults} hears of reads that fail for another reason than the process' own state (gone,
     * a zombie, access denied): the agent counts and logs those; {@code subject} names this MBean there.
     */
    OpenDynamicMBean(List<Attr<C>> list, BiConsumer<String, Throwable> faults, String subject) {
        for (Attr<C> a : list) {
            attrs.put(a.name(), a);
            if (!a.heavy()) lightNames.add(a.name());
        }
        this.faults = faults;
        this.subject = subject;
    }

    /** A read that failed: the caller is told either way; a failure of the agent's own is also counted. */
    private void failed(String attribute, RuntimeException e) {
        if (!(e instanceof NoSuchProcess || e instanceof AccessDenied)) faults.accept("reading " + attribute + " of " + subject, e);
    }

    /** A fresh read context; may throw the library's exceptions (NoSuchProcess for a gone process). */
    abstract C read();

    @Override
    public abstract MBeanInfo getMBeanInfo();

    /** No operations, unless the MBean declares some (Process, Agent). */
    @Override
    public Object invoke(String op, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(op), subject + " has no operations");
    }

    private Attr<C> attr(String name) throws AttributeNotFoundException {
        Attr<C> a = attrs.get(name);
        if (a == null) throw new AttributeNotFoundException("no attribute '" + name + "' (known: " + String.join(", ", attrs.keySet()) + ")");
        return a;
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException, MBeanException {
        Attr<C> a = attr(name);
        try {
            return a.getter().apply(read());
        } catch (RuntimeException e) {
            failed(name, e);
            throw Errors.mbean(e);
        }
    }

    /**
     * The readable ones of these attributes; one that fails alone (access denied, say) is left out,
     * as JMX has it, but a process that is gone fails the whole call rather than answer nothing. A
     * call that names every attribute (what exporters and consoles do) leaves out the heavy ones
     * ({@link Attr#heavy()}): those are read by getAttribute, or by a getAttributes that picks them.
     */
    @Override
    public AttributeList getAttributes(String[] names) {
        AttributeList out = new AttributeList();
        boolean everyAttribute = new java.util.HashSet<>(java.util.Arrays.asList(names)).containsAll(lightNames);
        C ctx;
        try {
            ctx = read();
        } catch (RuntimeException e) {
            failed("attributes", e);
            throw Errors.runtime(e);
        }
        for (String n : names) {
            Attr<C> a = attrs.get(n);
            if (a == null || everyAttribute && a.heavy()) continue;
            try {
                out.add(new Attribute(n, a.getter().apply(ctx)));
            } catch (NoSuchProcess e) {
                if (!(e instanceof ZombieProcess)) throw Errors.runtime(e);
            } catch (RuntimeException e) {
                failed(n, e); // unreadable alone: left out
            }
        }
        return out;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException, InvalidAttributeValueException,
            MBeanException, ReflectionException {
        attr(attribute.getName());
        throw new AttributeNotFoundException("attribute '" + attribute.getName() + "' is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        AttributeList done = new AttributeList();
        for (Attribute a : attributes.asList()) {
            try {
                setAttribute(a);
                done.add(a);
            } catch (Exception e) {
                // not set: left out of the answer, as JMX has it
            }
        }
        return done;
    }

    static Object arg(Object[] params, int i) {
        return params != null && params.length > i ? params[i] : null;
    }
}
