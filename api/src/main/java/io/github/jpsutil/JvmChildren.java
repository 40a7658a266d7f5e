package io.github.jpsutil;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Exit statuses of this JVM's children. The JDK reaps every child it starts on its own thread,
 * so nobody else can waitpid() for them; but while a child runs, the JDK keeps the future that will
 * hold its exit status. Reading it needs java.base to open java.lang to this class (the agent
 * arranges that through Instrumentation, or {@code --add-opens java.base/java.lang=ALL-UNNAMED});
 * without it, exit statuses of children started elsewhere in the JVM are simply unknown.
 */
final class JvmChildren {
    private static final Map<Long, ? extends CompletableFuture<Integer>> COMPLETIONS = completions();

    private JvmChildren() {
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, ? extends CompletableFuture<Integer>> completions() {
        try {
            Field f = Class.forName("java.lang.ProcessHandleImpl").getDeclaredField("completions");
            f.setAccessible(true);
            return (Map<Long, ? extends CompletableFuture<Integer>>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) { // InaccessibleObjectException without the open
            return null;
        }
    }

    /** Whether exit statuses of children started anywhere in this JVM can be learnt. */
    static boolean available() {
        return COMPLETIONS != null;
    }

    /**
     * A future of the exit status, in psutil's form ({@link #toPsutil}), of a running child of
     * this JVM; null when it is not a child being reaped by the JDK or the status is unknowable.
     */
    static CompletableFuture<Integer> exitFuture(long pid) {
        if (COMPLETIONS == null) return null;
        CompletableFuture<Integer> f = COMPLETIONS.get(pid);
        return f == null ? null : f.thenApply(JvmChildren::toPsutil); // a copy: callers cannot complete the JDK's own
    }

    /**
     * The JDK reports death by signal N as 128+N; psutil, like Python's Popen, as -N. (A child that
     * called exit(128+N) itself looks the same to the JDK.)
     */
    static int toPsutil(int jdkStatus) {
        return jdkStatus > 128 && jdkStatus <= 128 + Signals.MAX ? -(jdkStatus - 128) : jdkStatus;
    }
}
