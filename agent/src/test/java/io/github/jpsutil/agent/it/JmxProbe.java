package io.github.jpsutil.agent.it;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * A remote JMX client in a JVM of its own, so that its TLS trust and key stores (the JDK's
 * javax.net.ssl.* properties, as JConsole takes them with -J) are its alone. Arguments: URL, USER,
 * PASSWORD, plain|tls. Prints "OK" and the agent's options, or "FAILED" and the causes' classes.
 */
public final class JmxProbe {
    private JmxProbe() {
    }

    public static void main(String[] args) {
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnector.CREDENTIALS, new String[]{args[1], args[2]});
        if (args[3].equals("tls")) env.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(args[0]), env)) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            System.out.println("OK " + mbs.getAttribute(new ObjectName("jpsutil:type=Agent"), "Options")
                    + " " + mbs.getAttribute(new ObjectName("jpsutil:type=System"), "NumCpus"));
        } catch (Exception e) {
            StringBuilder why = new StringBuilder("FAILED");
            for (Throwable t = e; t != null; t = t.getCause()) why.append(' ').append(t.getClass().getName());
            System.out.println(why);
        }
    }
}
