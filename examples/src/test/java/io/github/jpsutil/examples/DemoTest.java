package io.github.jpsutil.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

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
    void badOptionsSayWhatIsExpected() {
        assertThatThrownBy(() -> Demo.run(new String[]{"--seconds", "soon"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> Demo.run(new String[]{"--minutes", "1"})).hasMessageContaining("--seconds N");
    }
}
