package io.github.jpsutil.agent;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.AccessController;
import java.util.Map;
import java.util.Set;

/**
 * What a user of the agent's JMX connector may do, checked on every call before it reaches the
 * MBean server. Both roles read every MBean and listen to notifications. Only {@code readwrite}
 * invokes operations or sets attributes, and only on jpsutil's MBeans unless the connector was
 * opened with platformWrite (then also on the JDK's: DiagnosticCommand, HotSpotDiagnostic and the
 * like run code and write files as the JVM's user). Nobody creates, registers or unregisters an
 * MBean. A connection without authentication (jmx --no-auth) is {@code readonly}.
 */
final class RoleGuard implements InvocationHandler {
    static final String DOMAIN = "jpsutil";
    private static final Set<String> READS = Set.of("getAttribute", "getAttributes", "getMBeanInfo", "queryMBeans",
            "queryNames", "isRegistered", "getMBeanCount", "getDefaultDomain", "getDomains", "isInstanceOf",
            "getObjectInstance", "addNotificationListener", "removeNotificationListener",
            // the connector itself asks for these to read the arguments of a call; no client reaches them
            "getClassLoaderFor", "getClassLoader", "getClassLoaderRepository");
    private static final Set<String> WRITES = Set.of("invoke", "setAttribute", "setAttributes");
    private static final Method CURRENT = currentSubjectMethod();

    private final Map<String, String> roles;
    private final boolean platformWrite;
    private volatile MBeanServer server;

    private RoleGuard(Map<String, String> roles, boolean platformWrite) {
        this.roles = roles;
        this.platformWrite = platformWrite;
    }

    static MBeanServerForwarder create(Map<String, String> roles, boolean platformWrite) {
        return (MBeanServerForwarder) Proxy.newProxyInstance(RoleGuard.class.getClassLoader(),
                new Class<?>[]{MBeanServerForwarder.class}, new RoleGuard(roles, platformWrite));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "getMBeanServer":
                return server;
            case "setMBeanServer":
                server = (MBeanServer) args[0];
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "jpsutil role guard";
            default:
                check(name, args);
        }
        try {
            return method.invoke(server, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void check(String method, Object[] args) {
        if (READS.contains(method)) return;
        String user = user();
        String role = user == null ? ConnectorRequest.READONLY : roles.getOrDefault(user, ConnectorRequest.READONLY);
        if (!WRITES.contains(method))
            throw new SecurityException("Access denied: " + method + " is refused to every user of jpsutil's connector");
        ObjectName target = (ObjectName) args[0];
        if (!role.equals(ConnectorRequest.READWRITE))
            throw new SecurityException("Access denied: " + method + " on " + target + " needs the readwrite role; "
                    + (user == null ? "this connection has no user" : user + " is " + role));
        if (!DOMAIN.equals(target.getDomain()) && !platformWrite)
            throw new SecurityException("Access denied: " + method + " on " + target + ": readwrite users act on jpsutil's "
                    + "MBeans only (the connector was opened without --platform-write)");
    }

    /** The authenticated user of this call, or null on a connection without authentication. */
    private static String user() {
        Subject s;
        try {
            s = CURRENT != null ? (Subject) CURRENT.invoke(null) : legacySubject();
        } catch (ReflectiveOperationException e) {
            throw new SecurityException("Access denied: cannot tell who calls (" + e + ")");
        }
        if (s == null) return null;
        Set<JMXPrincipal> p = s.getPrincipals(JMXPrincipal.class);
        return p.isEmpty() ? null : p.iterator().next().getName();
    }

    @SuppressWarnings("removal") // Java 17 has no Subject.current(); later ones are asked through it
    private static Subject legacySubject() {
        return Subject.getSubject(AccessController.getContext());
    }

    private static Method currentSubjectMethod() {
        try {
            return Subject.class.getMethod("current");
        } catch (NoSuchMethodException e) {
            return null; // Java 17
        }
    }
}
