package io.github.jpsutil;

/**
 * Base type of every error the library raises on purpose (psutil's {@code Error}).
 * Unchecked, like the rest of the API: callers catch what they can handle.
 */
public class JpsutilException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JpsutilException(String message) {
        super(message);
    }

    public JpsutilException(String message, Throwable cause) {
        super(message, cause);
    }
}
