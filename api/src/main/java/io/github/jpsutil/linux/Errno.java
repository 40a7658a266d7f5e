package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NoSuchProcess;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * The one place where operating-system errors become the API's exceptions:
 * ENOENT/ESRCH to NoSuchProcess, EACCES/EPERM to AccessDenied, the rest to JpsutilException.
 */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int ENOBUFS = 105;

    private Errno() {
    }

    /** The symbolic name of the errors the library meets by number, else "errno N". */
    static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EINVAL -> "EINVAL";
            case ENOSYS -> "ENOSYS";
            case ENOBUFS -> "ENOBUFS";
            default -> "errno " + errno;
        };
    }

    static RuntimeException translate(LastErrorException e, long pid, String name, String what) {
        return translate(e.getErrorCode(), pid, name, what + ": " + e.getMessage());
    }

    static RuntimeException translate(int errno, long pid, String name, String detail) {
        switch (errno) {
            case ENOENT:
            case ESRCH:
                return new NoSuchProcess(pid, name, null);
            case EPERM:
            case EACCES:
                return new AccessDenied(pid, name, detail);
            case EINVAL:
                return new IllegalArgumentException(detail);
            default:
                return new JpsutilException(detail + " (errno " + errno + ", pid " + pid + ")");
        }
    }

    /**
     * A failed read of a live process' file, by the exception's type alone (its message follows
     * the locale): ENOENT (NoSuchFileException) is NoSuchProcess, as psutil reports a file that
     * vanished; EACCES (AccessDeniedException) is AccessDenied; anything else the base exception.
     */
    static RuntimeException translate(IOException e, long pid, String name) {
        if (e instanceof NoSuchFileException) return new NoSuchProcess(pid, name, null);
        if (e instanceof AccessDeniedException) return new AccessDenied(pid, name, e.getMessage());
        return new JpsutilException("cannot read process " + pid + ": " + e, e);
    }
}
