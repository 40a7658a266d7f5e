package io.github.jpsutil;

/** The process is gone, or its pid now belongs to another process. */
public class NoSuchProcess extends ProcessError {
    private static final long serialVersionUID = 1L;

    public NoSuchProcess(long pid, String name, String message) {
        this(pid, name, "NoSuchProcess", message);
    }

    NoSuchProcess(long pid, String name, String kind, String message) {
        super(pid, name, kind, message == null ? "process no longer exists" : message);
    }
}
