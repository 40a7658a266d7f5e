package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /**
     * Set while the agent runs, to the options in force. Any JVM can set a property, so the command
     * line takes it only as a hint of where to ask the agent's MBean (list), never as the answer.
     */
    public static final String STATE_PROPERTY = "jpsutil.agent.options";
    /** The field of an options argument that carries the {@link AttachProof} secret. */
    public static final String PROOF = "proof";
    private static final Pattern PROOF_FIELD = Pattern.compile("(?:^|,)\\s*" + PROOF + "=([^,]*)");
    /**
     * The options of the latest start, kept after detach: a later load without the attach proof may
     * only tighten them, so that a JMX user who loads the agent (DiagnosticCommand jvmtiAgentLoad)
     * cannot loosen it, nor detach and load it again looser.
     */
    private static Options floor;

    public static synchronized void start(String args, Instrumentation inst, boolean attached) {
        try {
            String text = args == null ? "" : args.trim();
            if (DETACH.equals(text)) {
                stop();
                return;
            }
            AttachProof.ensure();
            if (ConnectorRequest.isRequest(text)) {
                openConnector(text, inst);
                return;
            }
            Matcher proof = PROOF_FIELD.matcher(text);
            String given = proof.find() ? proof.group(1).trim() : null;
            String optionText = proof.replaceAll("");
            Options options;
            try {
                options = Options.parse(optionText);
            } catch (IllegalArgumentException e) {
                Log.line("bad agent options '" + optionText + "': " + e.getMessage() + "; "
                        + (running == null ? "the agent is off" : "it keeps " + running.options));
                return;
            }
            if (floor != null && !options.looserThan(floor).isEmpty() && !AttachProof.matches(given)) {
                Log.line("refused " + String.join(", ", options.looserThan(floor)) + ": a load of the agent may loosen its options"
                        + " only with the proof of attach rights that 'java -jar jpsutil-agent.jar attach' passes; "
                        + (running == null ? "the agent stays off" : "it keeps " + running.options));
                return;
            }
            if (running != null) {
                if (running.options.equals(options)) return; // attached again with the same options
                stopSampler(); // new options: start afresh with them; the connector stays open
            }
            openJavaLang(inst);
            NativeAccess.enable(inst);
            Psutil machine = options.psutil();
            machine.holdFiles(options.heldFiles());
            Sampler s = new Sampler(machine, ManagementFactory.getPlatformMBeanServer(), options);
            s.start();
            running = s;
            floor = options;
            FlightEvents.install(s.ps, () -> running == null ? java.util.List.of() : running.tracked.values());
            System.setProperty(STATE_PROPERTY, options.toString());
        } catch (Throwable e) {
            Log.line("cannot start (" + Errors.message(e) + "); the agent is off");
        }
    }

    private static void openConnector(String text, Instrumentation inst) {
        ConnectorRequest r;
        try {
            r = ConnectorRequest.decode(text);
        } catch (IllegalArgumentException e) {
            RemoteConnector.refused("refused a malformed connector request: " + e.getMessage());
            return;
        }
        if (!AttachProof.matches(r.proof()))
            RemoteConnector.refused("refused to open a JMX connector: the request lacks the proof of attach rights that "
                    + "'java -jar jpsutil-agent.jar jmx' passes");
        else RemoteConnector.open(r, inst);
    }

    /** Unregisters every MBean, ends the sampler thread and closes the connector; the classes stay loaded for a later attach. */
    private static void stop() {
        RemoteConnector.close();
        stopSampler();
    }

    private static void stopSampler() {
        System.clearProperty(STATE_PROPERTY);
        if (running == null) return;
        running.close();
        running = null;
    }

    /**
     * Lets the library read the JDK's exit statuses of the host's children
     * ({@link Psutil#childExitStatusAvailable()}). Must run before the library first asks.
     */
    private static void openJavaLang(Instrumentation inst) {
        if (inst == null) return;
        try {
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(Psutil.class.getModule())), Set.of(), Map.of());
        } catch (RuntimeException e) {
            Log.line("cannot open java.lang to the agent (" + e + "); exit statuses of the host's children are unknown");
        }
    }
}
