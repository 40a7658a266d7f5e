package io.github.jpsutil.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Native access for the agent's JNA on Java 22 and later, where loading a native library is a
 * restricted method: Java 24+ prints a four-line warning on the host's stderr the first time it
 * happens (or, with {@code --illegal-native-access=deny}, refuses it).
 *
 * <p>The JDK offers an agent nothing of its own for this: {@code Enable-Native-Access} is read
 * only from the manifest of the jar that {@code java -jar} runs, never from an agent jar's, and
 * {@code ModuleLayer.Controller.enableNativeAccess} is itself a restricted method, which warns
 * just the same when its caller has no native access. What an agent does have is
 * Instrumentation, which the operator granted by naming the agent on the command line: the
 * bootstrap defines the agent in a named module of its own (AgentModule), and this class opens
 * {@code java.lang} to that module alone and sets the module's native-access flag, as
 * {@code --enable-native-access} would for a module of the boot layer. The host's own code is
 * untouched: its native access stays as the command line says.
 *
 * <p>Where the operator denied native access ({@code --illegal-native-access=deny}) and did not
 * enable it for class path code ({@code --enable-native-access=ALL-UNNAMED}), the agent obeys:
 * it says once which flag to add, reads from /proc go on, and what needs a system call fails
 * naming that flag.
 */
final class NativeAccess {
    /** The flag that lets the agent use native access where the JVM denies it by default. */
    static final String FLAG = "--enable-native-access=ALL-UNNAMED";

    private NativeAccess() {
    }

    /** Enables native access for the agent's module unless the operator denied it; idempotent. */
    static void enable(Instrumentation inst) {
        Module own = NativeAccess.class.getModule();
        if (inst == null || !own.isNamed()) return; // on a class path (tests): the command line decides
        Method isEnabled;
        try {
            isEnabled = Module.class.getMethod("isNativeAccessEnabled");
        } catch (NoSuchMethodException beforeJava22) {
            return; // nothing is restricted
        }
        try {
            if ((Boolean) isEnabled.invoke(own)) return;
            boolean classPathEnabled = (Boolean) isEnabled.invoke(ClassLoader.getSystemClassLoader().getUnnamedModule());
            if (!classPathEnabled && denied(inst, own)) {
                Log.once("native-access-denied", "this JVM denies native access (--illegal-native-access=deny): signals, renice and ionice are off"
                        + " and I/O priorities unknown; add " + FLAG + " to its command line to allow them");
                return;
            }
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(own)), Set.of(), Map.of());
            Method grant = Module.class.getDeclaredMethod("implAddEnableNativeAccess");
            grant.setAccessible(true);
            grant.invoke(own);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A JDK without these internals: JNA then warns, or fails naming the flag, as the JDK decides.
            Log.line("cannot enable native access for the agent (" + e + "); the JVM may warn of it");
        }
    }

    /** Whether the JVM runs with --illegal-native-access=deny (the JDK's internal setting, read once). */
    private static boolean denied(Instrumentation inst, Module own) throws ReflectiveOperationException {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(), Map.of(), Map.of("jdk.internal.module", Set.of(own)), Set.of(), Map.of());
        Method mode = Class.forName("jdk.internal.module.ModuleBootstrap").getMethod("illegalNativeAccess");
        mode.setAccessible(true);
        return String.valueOf(mode.invoke(null)).equals("DENY");
    }
}
