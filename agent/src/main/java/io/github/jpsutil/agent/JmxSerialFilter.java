package io.github.jpsutil.agent;

/**
 * The classes that JMX over RMI needs to carry jpsutil's open-type MBeans and the JDK's platform
 * MXBeans (and limits on the graph); anything else is refused before it is built. The agent's
 * connector applies it to what clients send, the command line to what targets send.
 */
public final class JmxSerialFilter {
    public static final String PATTERN = "maxdepth=20;maxrefs=100000;maxbytes=50000000;maxarray=1000000;"
            + "java.lang.*;java.util.*;java.math.*;javax.management.**;java.rmi.**;javax.rmi.ssl.*;"
            // the array of delegation subjects that addNotificationListeners sends, of nulls
            + "javax.security.auth.Subject;!*";

    private JmxSerialFilter() {
    }
}
