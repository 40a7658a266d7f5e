package io.github.jpsutil.agent;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.JpsutilException;

import javax.management.MBeanException;

/**
 * Turns the library's exceptions into JMX ones. A remote client has none of jpsutil's classes, so
 * what crosses the connector carries only JDK exception types, with the library's message (which
 * names the error kind and the pid, e.g. "NoSuchProcess (pid=42, name='sleep'): ...").
 */
final class Errors {
    private Errors() {
    }

    static MBeanException mbean(RuntimeException e) {
        String m = message(e);
        return new MBeanException(jdk(e, m), m);
    }

    /** For calls that cannot throw MBeanException (getAttributes): the server wraps it in RuntimeMBeanException. */
    static RuntimeException runtime(RuntimeException e) {
        return jdk(e, message(e));
    }

    /** An operation that the agent's options forbid. */
    static MBeanException refused(String m) {
        return new MBeanException(new SecurityException(m), m);
    }

    static MBeanException badArgument(String m) {
        return new MBeanException(new IllegalArgumentException(m), m);
    }

    private static RuntimeException jdk(RuntimeException e, String m) {
        if (e instanceof AccessDenied || e instanceof SecurityException) return new SecurityException(m);
        if (e instanceof IllegalArgumentException) return new IllegalArgumentException(m);
        if (e instanceof UnsupportedOperationException) return new UnsupportedOperationException(m);
        return new IllegalStateException(m);
    }

    static String message(Throwable e) {
        if (e instanceof JpsutilException || e instanceof IllegalArgumentException) return e.getMessage();
        return e.toString();
    }
}
