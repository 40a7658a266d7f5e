package io.github.jpsutil;

/** An error about one process: carries its pid and, when known, its name. */
public abstract class ProcessError extends JpsutilException {
    private static final long serialVersionUID = 1L;
    private final long pid;
    private final String name;

    protected ProcessError(long pid, String name, String what, String detail) {
        super(describe(pid, name, what, detail));
        this.pid = pid;
        this.name = name;
    }

    private static String describe(long pid, String name, String what, String detail) {
        StringBuilder sb = new StringBuilder(what).append(" (pid=").append(pid);
        if (name != null) sb.append(", name='").append(name).append('\'');
        sb.append(')');
        if (detail != null && !detail.isEmpty()) sb.append(": ").append(detail);
        return sb.toString();
    }

    public long pid() {
        return pid;
    }

    /** The process name, or null when it was not known when the error was raised. */
    public String name() {
        return name;
    }
}
