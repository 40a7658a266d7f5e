package io.github.jpsutil;

/** The kernel refused this user the information or the action (EACCES / EPERM). */
public class AccessDenied extends ProcessError {
    private static final long serialVersionUID = 1L;

    public AccessDenied(long pid, String name, String message) {
        super(pid, name, "AccessDenied", message);
    }
}
