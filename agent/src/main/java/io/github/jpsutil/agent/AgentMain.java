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

    public static synchronized void start(String args, Instrumentation inst, boolean attached) {
        try {
            if (running != null) {
                // Re-applying options to a running agent belongs here; for now the first ones stay.
                Log.line("already running with " + running.options + "; options '" + (args == null ? "" : args)
                        + "' not applied");
                return;
            }
            Options options;
            try {
                options = Options.parse(args);
            } catch (IllegalArgumentException e) {
                Log.line("bad agent options '" + args + "': " + e.getMessage() + "; the agent is off");
                return;
            }
            openJavaLang(inst);
            Sampler s = new Sampler(Psutil.local(), ManagementFactory.getPlatformMBeanServer(), options);
            s.start();
            running = s;
        } catch (Throwable e) {
            Log.line("cannot start (" + Errors.message(e) + "); the agent is off");
        }
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
