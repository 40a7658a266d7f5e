package io.github.jpsutil;

/** Process states, with psutil's strings ({@link #toString()}). */
public enum Status {
    RUNNING("running"),
    SLEEPING("sleeping"),
    DISK_SLEEP("disk-sleep"),
    STOPPED("stopped"),
    TRACING_STOP("tracing-stop"),
    ZOMBIE("zombie"),
    DEAD("dead"),
    WAKE_KILL("wake-kill"),
    WAKING("waking"),
    IDLE("idle"),
    PARKED("parked");

    private final String psutilName;

    Status(String psutilName) {
        this.psutilName = psutilName;
    }

    /** The state letter of {@code /proc/<pid>/stat} (field 3), as the kernel's {@code task_state_array} has it. */
    public static Status fromStateChar(char c) {
        switch (c) {
            case 'R': return RUNNING;
            case 'S': return SLEEPING;
            case 'D': return DISK_SLEEP;
            case 'T': return STOPPED;
            case 't': return TRACING_STOP;
            case 'Z': return ZOMBIE;
            case 'X': case 'x': return DEAD;
            case 'K': return WAKE_KILL;
            case 'W': return WAKING;
            case 'I': return IDLE;
            case 'P': return PARKED;
            default: throw new IllegalArgumentException("unknown process state letter '" + c + "'");
        }
    }

    /** psutil's name, for example {@code "disk-sleep"}. */
    @Override
    public String toString() {
        return psutilName;
    }
}
