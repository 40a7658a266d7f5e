package io.github.jpsutil.micrometer.boot;

import jakarta.annotation.PreDestroy;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A web application that runs child processes on request; jpsutil-micrometer is merely on its class path. */
@SpringBootApplication
@RestController
public class ChildrenApp {
    private final Map<Long, Process> children = new ConcurrentHashMap<>();

    /** Starts a child that sleeps; answers its pid. */
    @PostMapping("/children")
    public long start() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        children.put(p.pid(), p);
        return p.pid();
    }

    /** Ends a child and reaps it; answers its exit status. */
    @DeleteMapping("/children/{pid}")
    public int stop(@PathVariable("pid") long pid) throws InterruptedException {
        Process p = children.remove(pid);
        if (p == null) throw new IllegalArgumentException("no child " + pid);
        p.destroy();
        return p.waitFor();
    }

    @PreDestroy
    void reapAll() throws InterruptedException {
        for (Process p : children.values()) p.destroyForcibly().waitFor();
    }
}
