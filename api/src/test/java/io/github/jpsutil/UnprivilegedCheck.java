package io.github.jpsutil;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Not a test: a program that {@link AccessDeniedTest} runs as an unprivileged user (uid 65534).
 * Arguments: {@code [read|act] PID...} ("self" for its own pid, read only; "child" for a
 * {@code sleep} it starts itself, act only). Prints one line per call:
 * {@code PID METHOD OUTCOME}, where OUTCOME is "ok" or the simple name of the exception.
 * Needs only the api classes and JNA on its class path.
 */
public final class UnprivilegedCheck {
    private UnprivilegedCheck() {
    }

    static Map<String, Function<OsProcess, Object>> reads() {
        Map<String, Function<OsProcess, Object>> m = new LinkedHashMap<>();
        m.put("ppid", OsProcess::ppid);
        m.put("name", OsProcess::name);
        m.put("exe", OsProcess::exe);
        m.put("cmdline", OsProcess::cmdline);
        m.put("cwd", OsProcess::cwd);
        m.put("create_time", OsProcess::createTime);
        m.put("uids", OsProcess::uids);
        m.put("gids", OsProcess::gids);
        m.put("username", OsProcess::username);
        m.put("status", OsProcess::status);
        m.put("nice", OsProcess::nice);
        m.put("ionice", OsProcess::ionice);
        m.put("io_counters", OsProcess::ioCounters);
        m.put("num_threads", OsProcess::numThreads);
        m.put("threads", OsProcess::threads);
        m.put("cpu_times", OsProcess::cpuTimes);
        m.put("memory_info", OsProcess::memoryInfo);
        m.put("memory_percent", OsProcess::memoryPercent);
        m.put("children", p -> p.children(false));
        m.put("open_files", OsProcess::openFiles);
        m.put("connections", OsProcess::connections);
        m.put("num_fds", OsProcess::numFds);
        m.put("environ", OsProcess::environ);
        m.put("terminal", OsProcess::terminal);
        m.put("num_ctx_switches", OsProcess::numCtxSwitches);
        m.put("cpu_num", OsProcess::cpuNum);
        m.put("cpu_affinity", OsProcess::cpuAffinity);
        m.put("parents", OsProcess::parents);
        m.put("memory_info_ex", OsProcess::memoryInfoEx);
        m.put("memory_full_info", OsProcess::memoryFullInfo);
        m.put("memory_maps", OsProcess::memoryMaps);
        m.put("oom_score", OsProcess::oomScore);
        m.put("oom_score_adj", OsProcess::oomScoreAdj);
        return m;
    }

    static Map<String, Function<OsProcess, Object>> acts() {
        Map<String, Function<OsProcess, Object>> m = new LinkedHashMap<>();
        m.put("send_signal(0)", p -> run(() -> p.sendSignal(0)));
        m.put("nice(19)", p -> run(() -> p.setNice(19)));
        m.put("ionice(idle)", p -> run(() -> p.setIonice(IoClass.IDLE, 0)));
        m.put("cpu_affinity(set)", p -> run(() -> p.setCpuAffinity(p.cpuAffinity())));
        m.put("rlimit(nofile)", p -> p.rlimit(Rlimit.RLIMIT_NOFILE));
        m.put("rlimit(nofile, set)", p -> run(() -> p.setRlimit(Rlimit.RLIMIT_NOFILE, new ResourceLimit(64, 64))));
        m.put("oom_score_adj(set)", p -> run(() -> p.setOomScoreAdj(Math.min(1000, p.oomScoreAdj() + 100))));
        m.put("suspend", p -> run(p::suspend));
        m.put("resume", p -> run(p::resume));
        m.put("terminate", p -> run(p::terminate));
        m.put("kill", p -> run(p::kill));
        return m;
    }

    private static Object run(Runnable r) {
        r.run();
        return null;
    }

    public static void main(String[] args) {
        boolean act = args[0].equals("act");
        for (int i = 1; i < args.length; i++) {
            if (act && args[i].equals("self")) throw new IllegalArgumentException("would stop or kill itself");
            Popen own = args[i].equals("child") ? Psutil.local().start(new ProcessBuilder("sleep", "30")) : null;
            long pid = own != null ? own.pid() : args[i].equals("self") ? ProcessHandle.current().pid() : Long.parseLong(args[i]);
            OsProcess p = Psutil.local().process(pid);
            // also the system-wide listing, which must not fail on processes it may not read
            if (i == 1) System.out.println(pid + " processes:" + Psutil.local().processes().mapToLong(q -> {
                try {
                    return q.username().isEmpty() ? 0 : 1;
                } catch (NoSuchProcess e) {
                    return 0;
                }
            }).sum() + " ok");
            for (var e : (act ? acts() : reads()).entrySet()) {
                String outcome;
                try {
                    e.getValue().apply(p);
                    outcome = "ok";
                } catch (RuntimeException ex) {
                    outcome = ex.getClass().getSimpleName();
                }
                System.out.println(args[i] + " " + e.getKey() + " " + outcome);
            }
            if (own != null) {
                own.process().destroyForcibly();
                try {
                    own.process().waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
