package io.github.jpsutil.agent.boot;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;

/**
 * The agent's entry point, and the only code on the host's system class path besides
 * {@link NestedJarClassLoader}, {@link StoredZip} and AgentModule. Compiled for Java 8 so that an old JVM can load it and be told
 * that jpsutil needs 17. premain and agentmain return at once: a daemon thread loads the agent
 * from a jar nested in the agent jar and starts it. Nothing here may throw into the host or exit it.
 * premain runs on the host's main thread before its main method, so it loads no class besides this
 * one (this class is the thread's Runnable; the version check parses without exceptions).
 */
public final class Bootstrap implements Runnable {
    static final String PREFIX = "jpsutil: ";
    private static final String ENTRY_CLASS = "io.github.jpsutil.agent.AgentMain";
    private static final String CLI_CLASS = "io.github.jpsutil.agent.cli.Cli";
    /** Compiled for Java 17, so loaded only after the version check. */
    private static final String MODULE_CLASS = "io.github.jpsutil.agent.boot.AgentModule";
    /** The jar, stored in the agent jar, that holds the agent, the library and JNA. */
    static final String LIB_JAR = "jpsutil-lib.jar";
    /** The one that holds what only the command line needs (Byte Buddy's attach). */
    static final String CLI_JAR = "jpsutil-cli.jar";

    /** One loader per JVM, so that a second agentmain (attach again) reaches the running agent. */
    private static ClassLoader loader;

    private final String args;
    private final Instrumentation inst;
    private final boolean attached;

    private Bootstrap(String args, Instrumentation inst, boolean attached) {
        this.args = args;
        this.inst = inst;
        this.attached = attached;
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
                System.err.println(problem + ", so the agent is off");
                return;
            }
            Thread t = new Thread(new Bootstrap(args, inst, attached), "jpsutil-agent-start");
            t.setDaemon(true);
            t.start();
        } catch (Throwable e) {
            System.err.println(PREFIX + "cannot start the agent (" + e + "); the agent is off");
        }
    }

    /** Null when this Java can run the agent, otherwise the one line to print. */
    static String versionProblem(String specVersion) {
        String v = specVersion == null ? "" : specVersion.trim();
        if (v.startsWith("1.")) v = v.substring(2); // 1.8 and older
        int major = 0, digits = 0;
        for (; digits < v.length() && v.charAt(digits) != '.'; digits++) {
            char c = v.charAt(digits);
            if (c < '0' || c > '9' || digits > 6) { // not a number: unknown
                major = -1;
                break;
            }
            major = major * 10 + (c - '0');
        }
        if (digits == 0) major = -1;
        if (major >= 17) return null;
        return "jpsutil needs Java 17 or later; this JVM is Java " + specVersion;
    }

    /** The daemon thread's work: load the agent and start it. */
    @Override
    public void run() {
        start(args, inst, attached);
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

    /**
     * The command line, {@code java -jar jpsutil-agent.jar COMMAND}: the same jar loads itself into
     * other JVMs. Runs in its own JVM, so it may exit.
     */
    public static void main(String[] args) {
        String problem = versionProblem(System.getProperty("java.specification.version"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(1);
        }
        int status;
        try {
            ClassLoader cliLibs = NestedJarClassLoader.of(agentJar(), CLI_JAR, platformLoader());
            Class<?> cli = Class.forName(CLI_CLASS, true, NestedJarClassLoader.of(agentJar(), LIB_JAR, cliLibs));
            Method run = cli.getMethod("run", File.class, String[].class, java.io.PrintStream.class, java.io.PrintStream.class);
            status = (Integer) run.invoke(null, agentJar(), args, System.out, System.err);
        } catch (Throwable e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            System.err.println(PREFIX + "cannot start (" + cause + ")");
            status = 1;
        }
        System.exit(status);
    }

    private static File agentJar() throws Exception {
        return new File(Bootstrap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * The agent's loader, the loader of a named module of its own (see AgentModule) so that Java 24
     * and later can grant it native access alone. Where that module cannot be defined, it runs in
     * the loader's unnamed module, as on the class path, where the JDK may warn of JNA's native access.
     */
    private static ClassLoader newLoader() throws Exception {
        ClassLoader l = NestedJarClassLoader.of(agentJar(), LIB_JAR, platformLoader());
        try {
            Class.forName(MODULE_CLASS).getDeclaredMethod("define", ClassLoader.class).invoke(null, l);
        } catch (Throwable e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            System.err.println(PREFIX + "the agent runs in an unnamed module (" + cause + ")");
        }
        return l;
    }

    private static ClassLoader platformLoader() throws Exception {
        // Java 9 API, called by reflection because this class is compiled for Java 8.
        return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
    }
}
