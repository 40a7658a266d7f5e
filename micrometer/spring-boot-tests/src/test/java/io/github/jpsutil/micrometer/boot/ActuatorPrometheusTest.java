package io.github.jpsutil.micrometer.boot;

import io.github.jpsutil.Psutil;
import io.github.jpsutil.micrometer.Children;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Spring Boot application (web, actuator, Prometheus registry) with jpsutil-micrometer added,
 * booted once: its /actuator/prometheus shows a child's meters with the values /proc has, drops them
 * when the child exits, and the application starts without a clash or a warning.
 */
class ActuatorPrometheusTest {
    private static final Pattern LOG_PROBLEM = Pattern.compile("\\b(WARN|WARNING|ERROR|SEVERE)\\b");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void prometheusShowsAChildWhileItLives() throws Exception {
        assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("expected.boot.version"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(tee(out, log), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err, log), true, StandardCharsets.UTF_8));
        try (ConfigurableApplicationContext app = SpringApplication.run(ChildrenApp.class, "--server.port=0",
                "--jpsutil.interval=200ms", "--management.endpoints.web.exposure.include=health,metrics,prometheus")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String pid = send(HttpRequest.newBuilder(URI.create(base + "/children")).POST(HttpRequest.BodyPublishers.noBody()));
            String sample = "{name=\"sleep\",pid=\"" + pid + "\"}";
            Children.settle(Long.parseLong(pid));
            Thread.sleep(500); // then a read of the settled child (every 200 ms)

            String page = awaitPage(base, p -> p.contains("jpsutil_descendant_threads" + sample));
            long rss = Long.parseLong(Files.readString(Path.of("/proc", pid, "statm")).trim().split(" ")[1])
                    * Psutil.local().pageSize();
            assertThat(value(page, "jpsutil_descendant_resident_memory_bytes", sample)).hasValue(rss);
            assertThat(value(page, "jpsutil_descendant_threads", sample)).hasValue(1);
            String[] stat = Files.readString(Path.of("/proc", pid, "stat")).replaceFirst(".*\\) ", "").split(" ");
            assertThat(value(page, "jpsutil_descendant_cpu_user_seconds_total", sample))
                    .hasValue(Long.parseLong(stat[11]) / (double) Psutil.local().clockTicks());
            assertThat(value(page, "jpsutil_descendants_threads", "{name=\"sleep\"}")).hasValue(1);
            assertThat(value(page, "jpsutil_tree_threads", "")).isPresent();
            assertThat(value(page, "jpsutil_system_memory_total_bytes", "")).isPresent();
            // Spring Boot's own process meters sit beside jpsutil's
            assertThat(page).contains("process_cpu_usage").contains("process_uptime_seconds").contains("process_files_open_files");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/jpsutil.process.threads"))))
                    .contains("\"jpsutil.process.threads\"");

            send(HttpRequest.newBuilder(URI.create(base + "/children/" + pid)).DELETE());
            page = awaitPage(base, p -> !p.contains("pid=\"" + pid + "\""));
            assertThat(page).doesNotContain("jpsutil_descendants_threads{name=\"sleep\"}").contains("jpsutil_tree_threads");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        List<String> problems = log.toString(StandardCharsets.UTF_8).lines().filter(l -> LOG_PROBLEM.matcher(l).find()).toList();
        assertThat(problems).isEmpty();
    }

    private String awaitPage(String base, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String page;
        do {
            page = send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")));
            if (done.test(page)) return page;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not seen within 30 s; last page:\n" + page);
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.uri() + " answered " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** The value of the sample {@code name}{@code labels} on a Prometheus text page. */
    private static OptionalDouble value(String page, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " (\\S+)").matcher(page);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public synchronized void write(int c) throws IOException {
                a.write(c);
                b.write(c);
            }

            @Override
            public synchronized void write(byte[] buf, int off, int len) throws IOException {
                a.write(buf, off, len);
                b.write(buf, off, len);
            }
        };
    }
}
