package io.github.jpsutil.jconsole;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.util.Locale;

/**
 * An operation of a process MBean, with its arguments and the question the user confirms. It is
 * invoked over JMX as any client would; the agent decides (readOnly, the host guard, the kernel's
 * permissions) and its message is what the user sees.
 */
public record ProcessAction(String title, String operation, Object[] params, String[] signature, String effect) {
    private static final String[] NONE = {};

    public static ProcessAction suspend() {
        return new ProcessAction("Suspend", "suspend", NONE, NONE, "stops it (SIGSTOP) until it is resumed");
    }

    public static ProcessAction resume() {
        return new ProcessAction("Resume", "resume", NONE, NONE, "lets it go on (SIGCONT)");
    }

    public static ProcessAction terminate() {
        return new ProcessAction("Terminate", "terminate", NONE, NONE, "asks it to end (SIGTERM)");
    }

    public static ProcessAction kill() {
        return new ProcessAction("Kill", "kill", NONE, NONE, "ends it at once (SIGKILL); it cannot clean up");
    }

    /** @param nice -20 (highest priority) to 19 (lowest) */
    public static ProcessAction renice(int nice) {
        return new ProcessAction("Renice", "renice", new Object[]{nice}, new String[]{Integer.class.getName()},
                "sets its nice value to " + nice);
    }

    /** @param ioClass none, rt, be or idle; {@code level} 0 (highest) to 7 */
    public static ProcessAction ionice(String ioClass, int level) {
        return new ProcessAction("I/O priority", "setIoNice", new Object[]{ioClass.toLowerCase(Locale.ROOT), level},
                new String[]{String.class.getName(), Integer.class.getName()},
                "sets its I/O scheduling class to " + ioClass + " at level " + level);
    }

    /** The question of the confirmation dialog. */
    public String question(ProcessRow target) {
        return title + " process " + target.label() + "?\nThis " + effect + ".";
    }

    /** What came of it: done, or the reason it was not, as the agent or the JMX server said it. */
    public record Outcome(boolean done, String message) {
    }

    /** Invokes it; never throws: a refusal or a failure is an Outcome with its message. */
    public Outcome invoke(MBeanServerConnection c, ProcessRow target) {
        ObjectName n = target.objectName();
        try {
            c.invoke(n, operation, params, signature);
            return new Outcome(true, title + " " + target.label() + ": done");
        } catch (JMException | RuntimeException e) {
            // SecurityException: the agent's readOnly or host guard, the kernel's EPERM, or the connector's
            // access control (a read-only JMX user)
            String m = message(e);
            if (refusal(e)) return new Outcome(false, title + " " + target.label() + " refused: " + m.replaceFirst("^refused: ", ""));
            return new Outcome(false, title + " " + target.label() + " failed: " + m);
        } catch (IOException e) {
            return new Outcome(false, title + " " + target.label() + " failed: the JMX connection broke: " + message(e));
        }
    }

    private static boolean refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof SecurityException) return true;
        return false;
    }

    /** The first message along the cause chain: the agent's own text, not the wrapper's. */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
        return e.toString();
    }
}
