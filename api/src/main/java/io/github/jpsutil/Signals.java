package io.github.jpsutil;

import java.util.Locale;

/** Linux signal numbers (the generic table used by x86, ARM, RISC-V) and their names. */
public final class Signals {
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12,
            SIGTERM = 15, SIGCONT = 18, SIGSTOP = 19;
    /** The highest signal number Linux has (SIGRTMAX). */
    public static final int MAX = 64;
    private static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
    private static final int RTMIN = 34;

    private Signals() {
    }

    /**
     * Parses a signal as a number ("10", 0 to 64) or a name with or without "SIG" in any case
     * ("SIGUSR1", "usr1", "SIGRTMIN+2"); anything else is an IllegalArgumentException naming it.
     */
    public static int parse(String text) {
        if (text == null || text.isBlank())
            throw new IllegalArgumentException("signal is empty (expected a name such as SIGTERM or a number 0-" + MAX + ")");
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.chars().allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > MAX) throw new IllegalArgumentException("signal number " + text.trim() + " is out of range 0-" + MAX);
            return n;
        }
        if (t.startsWith("SIG")) t = t.substring(3);
        for (int i = 1; i < NAMES.length; i++) if (NAMES[i].equals(t)) return i;
        if (t.equals("IOT")) return 6;
        if (t.equals("POLL")) return 29;
        if (t.startsWith("RTMIN") || t.startsWith("RTMAX")) {
            String off = t.substring(5);
            int base = t.startsWith("RTMIN") ? RTMIN : MAX;
            try {
                int n = off.isEmpty() ? base : base + Integer.parseInt(off);
                if (n >= RTMIN && n <= MAX) return n;
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unknown signal '" + text + "' (expected a name such as SIGTERM or a number 0-" + MAX + ")");
    }

    /** "SIGTERM" for 15, "SIGRTMIN+2" for 36, "0" for the null signal. */
    public static String name(int sig) {
        if (sig == 0) return "0";
        if (sig > 0 && sig < NAMES.length) return "SIG" + NAMES[sig];
        if (sig >= RTMIN && sig <= MAX) return sig == RTMIN ? "SIGRTMIN" : "SIGRTMIN+" + (sig - RTMIN);
        return Integer.toString(sig);
    }
}
