package io.github.jpsutil.bench;

import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing, in a jar of its own: between the two PremainTimer readings it costs
 * what the JVM spends on any new agent jar (opening it, reading its manifest, adding it to the class
 * path, loading and verifying one class), the floor under the jpsutil premain that events.sh measures.
 * Here the host runs from a class directory, so this is also the first jar the JVM opens: it pays for
 * setting up the JDK's jar reading, which a host started from a jar pays anyway a moment later.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        // nothing: the JVM's own work around it is what is measured
    }
}
