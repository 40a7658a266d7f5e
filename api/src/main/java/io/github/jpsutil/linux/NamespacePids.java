package io.github.jpsutil.linux;

import io.github.jpsutil.JpsutilException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds this JVM among the processes of another proc tree: a JVM in its own pid namespace that
 * reads the host's /proc (bind-mounted, given as proc root) is there under the host's pid. The line
 * NSpid of /proc/&lt;pid&gt;/status lists a process' pid in each namespace from the reader's down to
 * its own; this JVM is the process whose last NSpid is its own pid and whose pid namespace is its own.
 */
final class NamespacePids {
    private NamespacePids() {
    }

    /** The pids of the NSpid line of a status file, outermost first; just the pid on kernels before 4.1. */
    static long[] nspid(String status) {
        for (String line : status.split("\n")) {
            if (!line.startsWith("NSpid:")) continue;
            String[] f = line.substring(6).trim().split("\\s+");
            long[] out = new long[f.length];
            for (int i = 0; i < f.length; i++) out[i] = ParseError.parseLong("/proc/<pid>/status", "NSpid", f[i]);
            if (out.length == 0) throw new ParseError("/proc/<pid>/status", "empty NSpid");
            return out;
        }
        return null;
    }

    /** This JVM's pid as the processes under {@code procRoot} number it. */
    static long selfIn(LinuxSystem sys) {
        long own = ProcessHandle.current().pid();
        Path procRoot = sys.procRoot();
        String ownNamespace;
        try {
            if (Files.isSameFile(procRoot, Paths.get("/proc")) || Files.isSameFile(procRoot.resolve("self"), Paths.get("/proc/self")))
                return own;
        } catch (IOException e) {
            // no "self" there (a tree copied or faked): look for this JVM by NSpid
        }
        try {
            ownNamespace = Files.readSymbolicLink(Paths.get("/proc/self/ns/pid")).toString();
        } catch (IOException e) {
            throw new JpsutilException("cannot read this JVM's pid namespace (/proc/self/ns/pid): " + e.getMessage(), e);
        }
        for (long pid : sys.pids()) {
            Path dir = procRoot.resolve(Long.toString(pid));
            try {
                long[] ns = nspid(ProcFiles.readString(dir.resolve("status")));
                if (ns == null || ns[ns.length - 1] != own) continue;
                if (Files.readSymbolicLink(dir.resolve("ns/pid")).toString().equals(ownNamespace)) return pid;
            } catch (IOException | JpsutilException e) {
                // gone, or not ours to read: not this JVM
            }
        }
        throw new JpsutilException("this JVM (pid " + own + " in " + ownNamespace + ") is not among the processes of " + procRoot);
    }
}
