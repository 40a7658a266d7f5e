package io.github.jpsutil.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
    void badOptionsSayWhatIsExpected() {
        assertThatThrownBy(() -> Demo.run(new String[]{"--seconds", "soon"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> Demo.run(new String[]{"--minutes", "1"})).hasMessageContaining("--seconds N");
    }
}
