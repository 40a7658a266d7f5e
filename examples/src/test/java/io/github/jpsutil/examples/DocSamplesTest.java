package io.github.jpsutil.examples;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java samples of README.md and of the docs (src/site/markdown) are code the build compiles
 * and runs, so they cannot rot. Each {@code ```java} block becomes a class: its {@code import}
 * lines on top, the rest as the body of {@code main}. A line {@code System.out.println(EXPR); // TEXT}
 * states what it prints: the run fails when the printed line is not TEXT. Other comments explain.
 */
public class DocSamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");
    /** A println that states its result in a comment. */
    private static final Pattern STATED = Pattern.compile("^(\\s*)System\\.out\\.println\\((.*)\\);\\s*//\\s*(.+?)\\s*$");

    record Sample(Path file, int line, String code) {
        @Override
        public String toString() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    static List<Sample> samples() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("src/site/markdown"))) {
            // integrations.md shows calls on a registry or an OpenTelemetry instance that the
            // application owns: fragments, whose calls the micrometer and opentelemetry modules' tests make
            docs.filter(p -> p.toString().endsWith(".md") && !p.endsWith("integrations.md")).sorted().forEach(files::add);
        }
        List<Sample> out = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 2;
                out.add(new Sample(f, line, m.group(1)));
            }
        }
        return out;
    }

    @Test
    void readmeHasSamples() throws IOException {
        assertThat(samples()).as("Java samples in README.md").anyMatch(s -> s.file().endsWith("README.md"));
    }

    @TestFactory
    Stream<DynamicTest> everySampleCompilesAndPrintsWhatItsCommentsSay() throws IOException {
        return samples().stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> run(s)));
    }

    /** The sample as a class named Sample: imports, then main, its stated printlns checked by {@link Check}. */
    static String source(Sample s) {
        StringBuilder imports = new StringBuilder(), body = new StringBuilder();
        String[] lines = s.code().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            Matcher stated = STATED.matcher(l);
            if (l.startsWith("import ")) {
                imports.append(l).append('\n');
                body.append('\n'); // keeps line numbers of errors those of the file
            } else if (stated.matches()) {
                body.append(stated.group(1)).append("io.github.jpsutil.examples.DocSamplesTest.Check.println(")
                        .append(stated.group(2)).append(", \"").append(stated.group(3).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\", ").append(s.line() + i).append(");\n");
            } else {
                body.append(l).append('\n');
            }
        }
        return imports + "public class Sample { public static void main(String[] args) throws Exception {\n" + body + "}}\n";
    }

    /** Prints as System.out.println does, and keeps what differed from the sample's comment. */
    public static final class Check {
        static final List<String> MISMATCHES = new ArrayList<>();

        public static void println(Object printed, String stated, int line) {
            String text = String.valueOf(printed);
            System.out.println(text);
            if (!text.equals(stated)) MISMATCHES.add("line " + line + " printed '" + text + "', its comment says '" + stated + "'");
        }
    }

    private static void run(Sample s) throws Exception {
        Path dir = Files.createTempDirectory("jpsutil-sample");
        try {
            Path src = dir.resolve("Sample.java");
            Files.writeString(src, source(s));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> errors = new DiagnosticCollector<>();
            try (var files = javac.getStandardFileManager(errors, null, StandardCharsets.UTF_8)) {
                boolean ok = javac.getTask(null, files, errors, List.of("-d", dir.toString(), "-classpath",
                        System.getProperty("java.class.path"), "-proc:none"), null, files.getJavaFileObjects(src)).call();
                assertThat(ok).as("%s compiles: %s", s, errors.getDiagnostics()).isTrue();
            }
            Set<ProcessHandle> before = ProcessHandle.current().children().collect(Collectors.toSet());
            PrintStream stdout = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Check.MISMATCHES.clear();
            try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, DocSamplesTest.class.getClassLoader())) {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                loader.loadClass("Sample").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } catch (InvocationTargetException e) {
                throw new AssertionError(s + " threw " + e.getCause() + "; it printed:\n" + out.toString(StandardCharsets.UTF_8), e.getCause());
            } finally {
                System.setOut(stdout);
                // what a failed sample left behind (a stopped child, say) is reaped
                ProcessHandle.current().children().filter(p -> !before.contains(p)).forEach(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
            }
            assertThat(Check.MISMATCHES).as("%s printed:%n%s", s, out.toString(StandardCharsets.UTF_8)).isEmpty();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
