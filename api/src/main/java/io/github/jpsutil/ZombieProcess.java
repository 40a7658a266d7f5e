package io.github.jpsutil;

/** The process has exited but was not reaped by its parent yet: most of its files are gone. */
public class ZombieProcess extends NoSuchProcess {
    private static final long serialVersionUID = 1L;
    private final long ppid;

    public ZombieProcess(long pid, String name, long ppid, String message) {
        super(pid, name, "ZombieProcess",
                (message == null ? "process is a zombie" : message) + (ppid > 0 ? " (ppid=" + ppid + ")" : ""));
        this.ppid = ppid;
    }

    /** The parent that has not reaped it, or -1 when unknown. */
    public long ppid() {
        return ppid;
    }
}
