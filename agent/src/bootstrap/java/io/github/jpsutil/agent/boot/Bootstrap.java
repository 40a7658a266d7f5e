package io.github.jpsutil.agent.boot;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;

/**
 * The agent's entry point, and the only code on the host's system class path besides
 * {@link NestedJarClassLoader}. Compiled for Java 8 so that an old JVM can load it and be told
 * that jpsutil needs 17. premain and agentmain return at once: a daemon thread loads the agent
 * from the nested jars and starts it. Nothing here may throw into the host or exit it.
 */
public final class Bootstrap {
    static final String PREFIX = "jpsutil: ";
    private static final String ENTRY_CLASS = "io.github.jpsutil.agent.AgentMain";
    /** Where the nested jars lie inside the agent jar. */
    static final String LIB_DIR = "jpsutil-lib/";

    /** One loader per JVM, so that a second agentmain (attach again) reaches the running agent. */
    private static ClassLoader loader;

    private Bootstrap() {
    }

    public static void premain(String args, Instrumentation inst) {
        launch(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        launch(args, inst, true);
    }

    private static void launch(final String args, final Instrumentation inst, final boolean attached) {
        try {
            String problem = versionProblem(System.getProperty("java.specification.version"));
            if (problem != null) {
                System.err.println(problem);
                return;
            }
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    start(args, inst, attached);
                }
            }, "jpsutil-agent-start");
            t.setDaemon(true);
            t.start();
        } catch (Throwable e) {
            System.err.println(PREFIX + "cannot start the agent (" + e + "); the agent is off");
        }
    }

    /** Null when this Java can run the agent, otherwise the one line to print. */
    static String versionProblem(String specVersion) {
        int major;
        try {
            String v = specVersion == null ? "" : specVersion.trim();
            if (v.startsWith("1.")) v = v.substring(2); // 1.8 and older
            int dot = v.indexOf('.');
            major = Integer.parseInt(dot >= 0 ? v.substring(0, dot) : v);
        } catch (NumberFormatException e) {
            major = -1;
        }
        if (major >= 17) return null;
        return "jpsutil needs Java 17 or later; this JVM is Java " + specVersion + ", so the agent is off";
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            ClassLoader l;
            synchronized (Bootstrap.class) {
                if (loader == null) loader = newLoader();
                l = loader;
            }
            Thread.currentThread().setContextClassLoader(l);
            Class<?> entry = Class.forName(ENTRY_CLASS, true, l);
            Method m = entry.getMethod("start", String.class, Instrumentation.class, boolean.class);
            m.invoke(null, args, inst, attached);
        } catch (Throwable e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            System.err.println(PREFIX + "cannot start the agent (" + cause + "); the agent is off");
        }
    }

    private static ClassLoader newLoader() throws Exception {
        File jar = new File(Bootstrap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // Java 9 API, called by reflection because this class is compiled for Java 8.
        ClassLoader platform = (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
        return new NestedJarClassLoader(jar, LIB_DIR, platform);
    }
}
