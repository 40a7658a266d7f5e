package io.github.jpsutil.agent.it;

import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jmxterm 1.0.4 (its uber jar), driven non-interactively with a script file, against a host JVM
 * with jpsutil's agent: it lists the beans, reads numeric, String and String[] attributes, runs
 * renice on a child (checked in /proc) and shows the agent's refusal to kill the host itself.
 * jmxterm's "open PID" fails on Java 17, so the script opens the JVM's local connector address,
 * which the Attach API's startLocalManagementAgent gives (as for JConsole).
 */
class JmxtermIT {
    static Stream<Path> javas() {
        return AgentIT.javas();
    }

    record Run(int exit, String out, String err) {
    }

    static Run jmxterm(Path script) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = Files.createTempFile("jmxterm", ".out");
        Path err = Files.createTempFile("jmxterm", ".err");
        Process p = new ProcessBuilder(java.toString(), "-jar", ClientTools.jar("jmxterm-uber.jar").toString(),
                "-n", "-v", "brief", "-i", script.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jmxterm ended").isTrue();
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
            p.waitFor();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void beansGetAndRenice(Path java) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(java), java + " is not installed");
        Path script = Files.createTempFile("jmxterm", ".txt");
        try (HostJvm host = HostJvm.start(java, "interval=1m")) {
            host.awaitAgent();
            long child = host.spawn("sleep 120");
            String address;
            VirtualMachine vm = VirtualMachine.attach(Long.toString(host.pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            String kid = "jpsutil:type=Process,scope=child,pid=" + child;
            String self = "jpsutil:type=Process,scope=self,pid=" + host.pid;
            Files.write(script, List.of(
                    "open " + address,
                    "run -b jpsutil:type=Agent refresh",
                    "beans -d jpsutil",
                    "get -b " + kid + " Name NumThreads ResidentMemoryBytes Cmdline",
                    "get -s -b jpsutil:type=System MemoryTotalBytes",
                    "get -s -b " + kid + " Status",
                    "run -b " + kid + " renice 11",
                    "get -s -b " + kid + " Nice",
                    "run -b " + self + " kill",
                    "close"), StandardCharsets.UTF_8);
            long rss = Proc.statm(child)[1] * Proc.PAGE_SIZE;

            Run r = jmxterm(script);

            assertThat(r.exit()).as("jmxterm exit status; stderr %s", r.err()).isZero();
            List<String> out = r.out().lines().filter(l -> !l.isBlank()).toList();
            // beans -d jpsutil: the four MBeans of the host and its child, in the canonical (sorted) form of their names
            assertThat(out).contains("jpsutil:pid=" + host.pid + ",scope=self,type=Process",
                    "jpsutil:pid=" + child + ",scope=child,type=Process", "jpsutil:scope=self,type=Container", "jpsutil:type=Agent", "jpsutil:type=System");
            // beside the machine's disks, network interfaces and file systems
            assertThat(out.stream().filter(l -> l.startsWith("jpsutil:") && !l.matches(".*type=(Disk|NetworkInterface|FileSystem).*"))).hasSize(5);
            // get: a String, an Integer, a Long and a String[] as jmxterm prints them
            assertThat(out).containsSubsequence("Name = sleep;", "NumThreads = 1;", "ResidentMemoryBytes = " + rss + ";",
                    "Cmdline = [ sleep, 120 ];", Long.toString(Proc.meminfo("MemTotal")), "sleeping", "11");
            // run renice 11: the kernel's nice value of the child
            assertThat(new Proc.Stat(child).num(19)).isEqualTo(11);
            assertThat(r.err()).contains("calling operation renice of mbean " + kid + " with params [11]");
            // run kill on the host itself: the agent's refusal, in words, and the host lives
            assertThat(r.err()).contains("MBeanException: refused: kill would signal the host JVM itself (pid " + host.pid + ")");
            assertThat(host.send("ping")).isEqualTo("PONG");
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
