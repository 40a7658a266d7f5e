package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import io.github.jpsutil.linux.JvmChildren;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;

/**
 * Called by the bootstrap (io.github.jpsutil.agent.boot.Bootstrap) on its daemon thread, once for
 * premain and once for each later agentmain, all in the same class loader.
 */
public final class AgentMain {
    private static Sampler running;

    private AgentMain() {
    }

    /** What {@code agentmain} receives from {@code jpsutil-agent.jar detach PID}. */
    public static final String DETACH = "detach";
    /** Set while the agent runs, to the options in force: how the command line sees it from outside. */
    public static final String STATE_PROPERTY = "jpsutil.agent.options";

    public static synchronized void start(String args, Instrumentation inst, boolean attached) {
        try {
            if (DETACH.equals(args == null ? null : args.trim())) {
                stop();
                return;
            }
            Options options;
            try {
                options = Options.parse(args);
            } catch (IllegalArgumentException e) {
                Log.line("bad agent options '" + args + "': " + e.getMessage() + "; "
                        + (running == null ? "the agent is off" : "it keeps " + running.options));
                return;
            }
            if (running != null) {
                if (running.options.equals(options)) return; // attached again with the same options
                stop(); // new options: start afresh with them
            }
            openJavaLang(inst);
            NativeAccess.enable(inst);
            Sampler s = new Sampler(Psutil.local(), ManagementFactory.getPlatformMBeanServer(), options);
            s.start();
            running = s;
            System.setProperty(STATE_PROPERTY, options.toString());
        } catch (Throwable e) {
            Log.line("cannot start (" + Errors.message(e) + "); the agent is off");
        }
    }

    /** Unregisters every MBean and ends the sampler thread; the classes stay loaded for a later attach. */
    private static void stop() {
        System.clearProperty(STATE_PROPERTY);
        if (running == null) return;
        running.close();
        running = null;
    }

    /**
     * Lets the library read the JDK's exit statuses of the host's children (see JvmChildren). Must
     * run before JvmChildren is first used.
     */
    private static void openJavaLang(Instrumentation inst) {
        if (inst == null) return;
        try {
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(JvmChildren.class.getModule())), Set.of(), Map.of());
        } catch (RuntimeException e) {
            Log.line("cannot open java.lang to the agent (" + e + "); exit statuses of the host's children are unknown");
        }
    }
}
