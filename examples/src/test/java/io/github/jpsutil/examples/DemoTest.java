package io.github.jpsutil.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo host without the agent (with it, it is run by hand): it starts and ends its children. */
class DemoTest {
    @Test
    void runsForTheGivenSecondsAndLeavesNoChildren() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Demo.run(new String[]{"--seconds", "1"});
        } finally {
            System.setOut(stdout);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("jpsutil demo host, pid " + ProcessHandle.current().pid())
                .contains("jconsole " + ProcessHandle.current().pid())
                .contains("no jpsutil MBeans (yet): run the demo with -javaagent:");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void printsNothingButTheHintWithoutTheAgent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Demo.print(ManagementFactory.getPlatformMBeanServer(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no jpsutil MBeans");
    }

    @Test
    void withTheAgentOnTheCommandLineButNoMBeansItSaysTheAgentDidNotStart() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Demo.print(ManagementFactory.getPlatformMBeanServer(), new PrintStream(out, true, StandardCharsets.UTF_8), true);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("the agent is on the command line but did not start")
                .doesNotContain("run the demo with");
    }

    @Test
    void theBusyChildTakesAQuarterOfACoreAtMost() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(Demo.dutyCycleCommand());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        Process p = new ProcessBuilder(cmd).start();
        try {
            Thread.sleep(1500); // the JVM starts
            Duration before = p.info().totalCpuDuration().orElseThrow();
            long t0 = System.nanoTime();
            Thread.sleep(4000);
            Duration used = p.info().totalCpuDuration().orElseThrow().minus(before);
            double share = used.toNanos() / (double) (System.nanoTime() - t0);
            // 100 ms in 400 ms, plus the JVM's own threads: well below a whole core
            assertThat(share).as("share of one core").isGreaterThan(0).isLessThan(0.35);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void theBusyChildEndsWhenItsParentIsGone() throws Exception {
        // sh starts it, bound to sh's life, and exits at once: the child must end by itself
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", "\"$@\" $$ </dev/null >/dev/null 2>&1 & echo $!", "sh"));
        cmd.addAll(Demo.dutyCycleCommand());
        Process sh = new ProcessBuilder(cmd).start();
        long pid = Long.parseLong(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        ProcessHandle child = ProcessHandle.of(pid).orElse(null);
        try {
            if (child != null) assertThat(child.onExit().get(15, TimeUnit.SECONDS).isAlive()).isFalse();
        } finally {
            if (child != null) child.destroyForcibly();
        }
    }

    @Test
    void ctrlCInATerminalEndsEveryProcessTheDemoStarted() throws Exception {
        // a terminal's Ctrl-C sends SIGINT to the whole foreground process group, in which the
        // shell's background sleep ignores it: the demo must end that grandchild itself
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // in a session of its own, with SIGINT at its default as in a terminal (a build may start this
        // JVM with it ignored, which every child then inherits)
        String launch = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.execv(sys.argv[1], sys.argv[1:])";
        Process demo = new ProcessBuilder("python3", "-c", launch, java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> started = new java.util.ArrayList<>();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertThat(first).contains("with children");
            for (String pid : first.substring(first.indexOf('[') + 1, first.indexOf(']')).split(", "))
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(started::add);
            ProcessHandle shell = started.get(2);
            for (int i = 0; i < 500 && shell.children().findAny().isEmpty(); i++) Thread.sleep(10);
            shell.children().forEach(started::add);
            assertThat(started).hasSize(4);

            assertThat(new ProcessBuilder("kill", "-s", "INT", "--", "-" + demo.pid()).start().waitFor()).isZero(); // the group setsid made
            assertThat(demo.waitFor(20, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle p : started) p.onExit().get(10, TimeUnit.SECONDS);
            assertThat(started).noneMatch(ProcessHandle::isAlive);
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly().waitFor();
        }
    }

    @Test
    void badOptionsSayWhatIsExpected() {
        assertThatThrownBy(() -> Demo.run(new String[]{"--seconds", "soon"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> Demo.run(new String[]{"--minutes", "1"})).hasMessageContaining("--seconds N");
    }
}
