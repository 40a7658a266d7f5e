package io.github.jpsutil.agent.it;

/** A host whose main thread prints its pid, sleeps for args[0] milliseconds and returns: nothing else keeps it alive. */
public final class BriefHost {
    private BriefHost() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("READY " + ProcessHandle.current().pid());
        Thread.sleep(Long.parseLong(args[0]));
    }
}
