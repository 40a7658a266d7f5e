package io.github.jpsutil.jconsole;

import java.util.ArrayList;
import java.util.List;

/**
 * The host JVM of the end-to-end tests: starts one child per argument (each argument is a script
 * for {@code sh -c}), prints "READY pid child...", and ends with its children and their
 * descendants when its stdin closes, so a test that dies leaves nothing behind.
 */
public final class ChildrenHost {
    public static void main(String[] scripts) throws Exception {
        List<Process> children = new ArrayList<>();
        StringBuilder ready = new StringBuilder("READY " + ProcessHandle.current().pid());
        for (String s : scripts) {
            Process p = new ProcessBuilder("sh", "-c", s).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            children.add(p);
            ready.append(' ').append(p.pid());
        }
        System.out.println(ready);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes stdin
        }
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        System.exit(0);
    }
}
