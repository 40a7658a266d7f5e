package io.github.jpsutil.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.backend.Backend;
import io.github.jpsutil.backend.ExitWatcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Exits of any processes, without looking again and again: a pidfd of each, and one daemon thread
 * asleep in poll(2) on all of them and on an eventfd that wakes it when the set changes. A pidfd
 * becomes readable when its process ends; the status then comes from the kernel's PIDFD_GET_INFO
 * (6.15+) once the parent has reaped it (looked at every few ms, up to ExitWaiter's grace). The
 * thread runs only while something is watched. At most an eighth of RLIMIT_NOFILE descriptors.
 */
final class PidfdExitWatcher implements ExitWatcher {
    private static final int REAP_LOOK_MILLIS = 5;
    private static final long MAX_WATCHED = Math.max(16, HeldFiles.openFilesLimit() / HeldFiles.NOFILE_SHARE);

    private static final class Watched {
        final Object key;
        final int fd;
        final Consumer<OptionalInt> onExit;
        /** When poll said it ended (System.nanoTime); 0 while it runs. */
        long endedAt;

        Watched(Object key, int fd, Consumer<OptionalInt> onExit) {
            this.key = key;
            this.fd = fd;
            this.onExit = onExit;
        }
    }

    private final Object lock = new Object();
    private final Map<Object, Watched> watched = new HashMap<>();
    /** Removed while the thread may be polling them: the thread closes them. */
    private final List<Watched> removed = new ArrayList<>();
    private int wakeFd = -1;
    private Thread thread;
    private boolean closed;

    @Override
    public boolean add(Backend.ProcessReader process, Object key, Consumer<OptionalInt> onExit) {
        if (!(process instanceof LinuxProcess p) || !Native.available() || !p.dir.getParent().equals(ExitWaiter.KERNEL_PROC))
            return false;
        synchronized (lock) {
            if (closed) throw new IllegalStateException("this exit watcher is closed");
            if (watched.size() >= MAX_WATCHED && !watched.containsKey(key)) return false;
        }
        int fd;
        try {
            fd = Native.pidfdOpen((int) p.pid());
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.ESRCH) throw Errno.translate(e, p.pid(), p.knownName(), "pidfd_open");
            onExit.accept(OptionalInt.empty());
            return true;
        }
        if (fd < 0) return false;
        try {
            p.checkIdentity(); // the pidfd holds the process meant, not a later owner of its pid
        } catch (NoSuchProcess gone) {
            closeFd(fd);
            onExit.accept(OptionalInt.empty());
            return true;
        }
        synchronized (lock) {
            if (closed) {
                closeFd(fd);
                throw new IllegalStateException("this exit watcher is closed");
            }
            Watched old = watched.put(key, new Watched(key, fd, onExit));
            if (old != null) removed.add(old);
            if (wakeFd < 0) wakeFd = Native.eventFd();
            if (thread == null) {
                thread = new Thread(this::run, "jpsutil-exits");
                thread.setDaemon(true);
                thread.start();
            }
            Native.signalEventFd(wakeFd);
        }
        return true;
    }

    @Override
    public boolean remove(Object key) {
        synchronized (lock) {
            Watched w = watched.remove(key);
            if (w == null) return false;
            removed.add(w);
            Native.signalEventFd(wakeFd);
            return true;
        }
    }

    @Override
    public int size() {
        synchronized (lock) {
            return watched.size();
        }
    }

    private void run() {
        try {
            watch();
        } finally {
            synchronized (lock) {
                if (thread == Thread.currentThread()) thread = null; // an Error: the next add starts another
            }
        }
    }

    private void watch() {
        while (true) {
            Watched[] now;
            int wake;
            synchronized (lock) {
                for (Watched w : removed) closeFd(w.fd);
                removed.clear();
                if (closed || watched.isEmpty()) {
                    thread = null; // decided under the lock: an add from now on starts a new thread
                    return;
                }
                now = watched.values().toArray(new Watched[0]);
                wake = wakeFd;
            }
            boolean reaping = false;
            int[] fds = new int[now.length + 1];
            for (int i = 0; i < now.length; i++) {
                fds[i] = now[i].fd;
                reaping |= now[i].endedAt != 0;
            }
            fds[now.length] = wake;
            try (Memory pfds = Native.pollFds(fds)) {
                Native.poll(pfds, fds.length, reaping ? REAP_LOOK_MILLIS : -1);
                if (Native.polledReady(pfds, now.length)) Native.drainEventFd(wake);
                long t = System.nanoTime();
                for (int i = 0; i < now.length; i++)
                    if (now[i].endedAt == 0 && Native.polledReady(pfds, i)) now[i].endedAt = t;
            }
            for (Watched w : now) if (w.endedAt != 0) lookForStatus(w);
        }
    }

    /** Tells an ended process once the kernel has its status, or once the grace is over without it. */
    private void lookForStatus(Watched w) {
        Integer raw = Native.pidfdExitStatus(w.fd);
        if (raw == null && System.nanoTime() - w.endedAt < ExitWaiter.REAP_GRACE_NANOS) return;
        synchronized (lock) {
            if (watched.get(w.key) != w) return; // removed meanwhile: the loop closes it
            watched.remove(w.key);
        }
        closeFd(w.fd);
        try {
            w.onExit.accept(raw == null ? OptionalInt.empty() : OptionalInt.of(ExitWaiter.psutilForm(raw)));
        } catch (RuntimeException e) {
            // the caller's callback failed: the watch goes on for the others
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            t = thread;
            if (wakeFd >= 0) Native.signalEventFd(wakeFd);
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            for (Watched w : watched.values()) closeFd(w.fd);
            for (Watched w : removed) closeFd(w.fd);
            watched.clear();
            removed.clear();
            if (wakeFd >= 0) closeFd(wakeFd);
            wakeFd = -1;
        }
    }

    private static void closeFd(int fd) {
        try {
            Native.libc("close").close(fd);
        } catch (RuntimeException e) {
            // already closed: nothing to free
        }
    }
}
