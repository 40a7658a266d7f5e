package io.github.jpsutil.bench;

/** A JVM that does nothing until it is killed: run.sh's target for the one-pid floor. */
public final class Idle {
    private Idle() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println(ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
