package io.github.jpsutil.agent.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The third-party JMX clients of the end-to-end tests (copied from the local Maven repository into
 * target/client-tools by the build), the repository's example configurations, and what the tests
 * need to talk to a client that listens on an ephemeral port of 127.0.0.1.
 */
final class ClientTools {
    static final Path DIR = Path.of(System.getProperty("jpsutil.client.tools", "target/client-tools"));
    static final Path EXAMPLES = Path.of(System.getProperty("jpsutil.examples.dir", "../examples"));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClientTools() {
    }

    /** A client jar by its file name in target/client-tools, e.g. jmx_prometheus_javaagent.jar. */
    static Path jar(String fileName) {
        Path p = DIR.resolve(fileName);
        if (!Files.isRegularFile(p)) throw new IllegalStateException(p + " is missing: run mvn verify (pre-integration-test copies it)");
        return p.toAbsolutePath();
    }

    static Path example(String relative) {
        Path p = EXAMPLES.resolve(relative);
        if (!Files.isRegularFile(p)) throw new IllegalStateException(p + " is missing");
        return p.toAbsolutePath();
    }

    /**
     * The TCP ports on which the process listens, from the kernel's socket tables and the process's
     * descriptors (/proc/net/tcp and tcp6, /proc/PID/fd), so that a tool told to take port 0 can be found.
     */
    static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; 0A = LISTEN
                if (f[3].equals("0A") && inodes.contains(f[9]))
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
            }
        }
        return ports;
    }

    /** Waits (up to 30 s) until the process listens on a port that is not among {@code known}, and returns it. */
    static int awaitNewPort(long pid, Set<Integer> known) throws IOException, InterruptedException {
        for (int i = 0; i < 300; i++) {
            Set<Integer> now = listeningPorts(pid);
            now.removeAll(known);
            if (!now.isEmpty()) return now.iterator().next();
            Thread.sleep(100);
        }
        throw new IllegalStateException("pid " + pid + " opened no new listening port; it has " + listeningPorts(pid));
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A small JSON reader for the clients' answers: objects as Maps, arrays as Lists, numbers as BigDecimal. */
    static Object json(String text) {
        int[] at = {0};
        Object v = jsonValue(text, at);
        skipSpace(text, at);
        if (at[0] != text.length()) throw new IllegalArgumentException("trailing text at " + at[0] + ": " + text);
        return v;
    }

    private static void skipSpace(String s, int[] at) {
        while (at[0] < s.length() && Character.isWhitespace(s.charAt(at[0]))) at[0]++;
    }

    private static Object jsonValue(String s, int[] at) {
        skipSpace(s, at);
        char c = s.charAt(at[0]);
        if (c == '{') {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            at[0]++;
            skipSpace(s, at);
            if (s.charAt(at[0]) == '}') {
                at[0]++;
                return m;
            }
            while (true) {
                skipSpace(s, at);
                String k = (String) jsonValue(s, at);
                skipSpace(s, at);
                expect(s, at, ':');
                m.put(k, jsonValue(s, at));
                skipSpace(s, at);
                if (s.charAt(at[0]++) == '}') return m;
            }
        }
        if (c == '[') {
            List<Object> l = new java.util.ArrayList<>();
            at[0]++;
            skipSpace(s, at);
            if (s.charAt(at[0]) == ']') {
                at[0]++;
                return l;
            }
            while (true) {
                l.add(jsonValue(s, at));
                skipSpace(s, at);
                if (s.charAt(at[0]++) == ']') return l;
            }
        }
        if (c == '"') {
            StringBuilder b = new StringBuilder();
            for (at[0]++; s.charAt(at[0]) != '"'; at[0]++) {
                char ch = s.charAt(at[0]);
                if (ch != '\\') {
                    b.append(ch);
                    continue;
                }
                char e = s.charAt(++at[0]);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(at[0] + 1, at[0] + 5), 16));
                        at[0] += 4;
                    }
                    default -> b.append(e);
                }
            }
            at[0]++;
            return b.toString();
        }
        for (String word : List.of("true", "false", "null")) {
            if (s.startsWith(word, at[0])) {
                at[0] += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        int start = at[0];
        while (at[0] < s.length() && "+-0123456789.eE".indexOf(s.charAt(at[0])) >= 0) at[0]++;
        if (start == at[0]) throw new IllegalArgumentException("unexpected '" + c + "' at " + start + ": " + s);
        return new java.math.BigDecimal(s.substring(start, at[0]));
    }

    private static void expect(String s, int[] at, char c) {
        if (s.charAt(at[0]) != c) throw new IllegalArgumentException("expected '" + c + "' at " + at[0] + ": " + s);
        at[0]++;
    }
}
