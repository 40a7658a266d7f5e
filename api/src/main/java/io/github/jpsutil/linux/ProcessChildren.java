package io.github.jpsutil.linux;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.backend.Backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finding the children of a process. */
final class ProcessChildren {
    private ProcessChildren() {
    }

    /**
     * Direct children: from the kernel's per-thread children lists where it has them, otherwise
     * from the ppid of every process. A listed pid that started before its parent is a
     * reused pid and is left out, as psutil does.
     */
    static List<Backend.ProcessReader> of(LinuxProcess p, LinuxSystem sys) {
        long myStart = p.startTicks();
        Set<Long> found = new java.util.TreeSet<>();
        boolean kernelLists = true;
        try {
            for (long tid : ProcFiles.numericEntries(p.dir.resolve("task"))) {
                String text;
                try {
                    // a table of children, read to its end: a read may stop between them
                    text = ProcFiles.readString(p.dir.resolve("task/" + tid + "/children"));
                } catch (NoSuchFileException e) {
                    if (Files.exists(p.dir.resolve("task/" + tid))) {
                        kernelLists = false; // kernel built without CONFIG_PROC_CHILDREN
                        break;
                    }
                    continue; // the thread exited
                }
                for (String c : text.trim().split("\\s+"))
                    if (!c.isEmpty()) found.add(ParseError.parseLong("/proc/<pid>/task/<tid>/children", "pid", c));
            }
        } catch (IOException e) {
            throw p.failure(e);
        }
        if (!kernelLists) {
            found.clear();
            for (long other : sys.pids()) {
                try {
                    if (new LinuxProcess(sys, other, -1).ppid() == p.pid()) found.add(other);
                } catch (NoSuchProcess gone) {
                    // vanished while scanning
                } catch (AccessDenied denied) {
                    // unreadable stat: not ours to list
                }
            }
        }
        List<Backend.ProcessReader> out = new ArrayList<>();
        for (long c : found) {
            try {
                LinuxProcess child = new LinuxProcess(sys, c, -1);
                if (child.startTicks() >= myStart) out.add(child);
            } catch (NoSuchProcess | AccessDenied e) {
                // gone meanwhile
            }
        }
        return out;
    }
}
