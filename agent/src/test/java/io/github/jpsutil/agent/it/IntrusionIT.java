package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ways in that were found, each tried again as it was found: a second load that loosens the
 * agent, a JVM that claims to run jpsutil, a target that sends terminal escapes or unexpected
 * objects, passwords in process arguments, and root's {@code jmx} raced by another user.
 */
class IntrusionIT {
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    static final String DEFAULTS = "interval=5s,children=true,readOnly=false,allowSelfSignals=false,watch=own,events=auto,exitedKept=100";

    @TempDir
    Path tmp;

    private static String options(MBeanServerConnection mbs) throws Exception {
        try {
            return (String) mbs.getAttribute(AgentIT.AGENT, "Options");
        } catch (javax.management.InstanceNotFoundException e) {
            return null;
        }
    }

    private static String awaitOptions(MBeanServerConnection mbs, String wanted) throws Exception {
        String now = options(mbs);
        for (int i = 0; i < 200 && !java.util.Objects.equals(now, wanted); i++) {
            Thread.sleep(50);
            now = options(mbs);
        }
        return now;
    }

    @Test
    void aLoadWithoutTheAttachProofTightensButNeverLoosens() throws Exception {
        try (HostJvm host = HostJvm.start(AgentIT.javas().findFirst().orElseThrow(), "interval=1m,readOnly=true")) {
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            String tight = "interval=1m,children=true,readOnly=true,allowSelfSignals=false,watch=own,events=auto,exitedKept=100";
            assertThat(options(mbs)).isEqualTo(tight);

            // the proof lives only as an open descriptor of the host: no file of that name in /tmp
            try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "jpsutil-attach-proof-*")) {
                assertThat(d.iterator().hasNext()).isFalse();
            }
            List<String> links = new ArrayList<>();
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + host.pid + "/fd"))) {
                for (Path fd : fds) links.add(Files.readSymbolicLink(fd).toString());
            }
            assertThat(links).anySatisfy(l -> assertThat(l).contains("/jpsutil-attach-proof-").endsWith(" (deleted)"));

            host.loadAgent("readOnly=false,allowSelfSignals=true");
            assertThat(host.agentLines(10_000)).anySatisfy(l -> assertThat(l)
                    .startsWith("jpsutil: refused readOnly=false, allowSelfSignals=true").endsWith("it keeps " + tight));
            Thread.sleep(300);
            assertThat(options(mbs)).isEqualTo(tight);
            // a wrong proof is no proof
            host.loadAgent("readOnly=false,proof=" + "0".repeat(64));
            Thread.sleep(300);
            assertThat(options(mbs)).isEqualTo(tight);
            // nor may it open a connector
            host.loadAgent("jmx;port=1;bind=127.0.0.1");
            for (int i = 0; i < 100 && ((String) mbs.getAttribute(AgentIT.AGENT, "RemoteJmx")).isEmpty(); i++) Thread.sleep(50);
            assertThat((String) mbs.getAttribute(AgentIT.AGENT, "RemoteJmx")).startsWith("refused at ").contains("proof of attach rights");
            host.loadAgent("jmx;port=x;user=nobody");
            for (int i = 0; i < 100 && !((String) mbs.getAttribute(AgentIT.AGENT, "RemoteJmx")).contains("malformed"); i++) Thread.sleep(50);
            assertThat((String) mbs.getAttribute(AgentIT.AGENT, "RemoteJmx")).contains("refused a malformed connector request");
            assertThat(options(mbs)).isEqualTo(tight);

            // what gives no more rights goes through
            host.loadAgent("interval=2s,readOnly=true,children=false");
            assertThat(awaitOptions(mbs, "interval=2s,children=false,readOnly=true,allowSelfSignals=false,watch=own,events=auto,exitedKept=100"))
                    .isEqualTo("interval=2s,children=false,readOnly=true,allowSelfSignals=false,watch=own,events=auto,exitedKept=100");
            // detach, then load looser: the options before the detach still bind
            host.loadAgent("detach");
            assertThat(awaitOptions(mbs, null)).isNull();
            host.loadAgent("readOnly=false");
            Thread.sleep(500);
            assertThat(host.send("mbeans")).isEqualTo("MBEANS 0");
            assertThat(host.stderr()).anySatisfy(l -> assertThat(l).startsWith("jpsutil: refused readOnly=false").endsWith("the agent stays off"));

            // the command line reads the proof and passes it
            assertThat(CliIT.cli("attach", Long.toString(host.pid), "readOnly=false").succeeds().out())
                    .startsWith("jpsutil started in pid " + host.pid + " with " + DEFAULTS);
            assertThat(options(mbs)).isEqualTo(DEFAULTS);

            if (asRootWithSetpriv()) { // and another user cannot read it
                long fd = fdOfProof(host.pid);
                assertThat(PermissionsIT.asNobody("cat", "/proc/" + host.pid + "/fd/" + fd)).isNotZero();
                assertThat(PermissionsIT.asNobody("true")).isZero();
            }
        }
    }

    private static long fdOfProof(long pid) throws Exception {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds)
                if (Files.readSymbolicLink(fd).toString().contains("/jpsutil-attach-proof-")) return Long.parseLong(fd.getFileName().toString());
        }
        throw new AssertionError("no proof descriptor in " + pid);
    }

    private static boolean asRootWithSetpriv() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    @Test
    void aJvmThatSetsThePropertyAloneIsNotTakenForOneThatRunsJpsutil() throws Exception {
        try (HostJvm liar = HostJvm.launch(AgentIT.javas().findFirst().orElseThrow(), "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading", "-Djpsutil.agent.options=" + DEFAULTS)) {
            String pid = Long.toString(liar.pid);
            assertThat(CliIT.cli("list").succeeds().out().lines())
                    .anySatisfy(l -> assertThat(l.trim().split("\\s+")).containsExactly(pid, "no", Host.class.getName()));
            assertThat(CliIT.cli("attach", pid).succeeds().out()).isEqualTo("jpsutil started in pid " + pid + " with " + DEFAULTS + "\n");
            assertThat(liar.send("mbeans")).isNotEqualTo("MBEANS 0");
            assertThat(CliIT.cli("list").succeeds().out().lines())
                    .anySatisfy(l -> assertThat(l.trim().split("\\s+")).containsExactly(pid, "yes", Host.class.getName(), "(" + DEFAULTS + ")"));
        }
    }

    @Test
    void controlCharactersFromATargetNeverReachTheTerminal() throws Exception {
        try (HostJvm host = HostJvm.start(AgentIT.javas().findFirst().orElseThrow(), "interval=1m")) {
            // a child whose name holds ESC [2J (clear screen), DEL and CSI (U+009B, a C1 control)
            String script = "N=$(printf 'e\\033[2J\\177\\302\\233x'); cp /bin/sleep \"" + tmp + "/$N\"; exec \"" + tmp + "/$N\" 120";
            long child = host.spawnShell(script);
            for (int i = 0; i < 200 && !new Proc.Stat(child).comm.startsWith("e"); i++) Thread.sleep(20);
            assertThat(new Proc.Stat(child).comm).startsWith("e\u001b[2J");
            host.awaitAgent();
            host.connect().invoke(AgentIT.AGENT, "refresh", null, null);
            String frame = CliIT.cli("top", Long.toString(host.pid), "--once").succeeds().out();
            assertThat(frame).contains(Long.toString(child));
            assertThat(frame.chars().filter(c -> c != '\n' && (c < 0x20 || (c >= 0x7f && c <= 0x9f))).count())
                    .as("control characters in %s", frame).isZero();
            assertThat(frame.lines().filter(l -> l.contains(Long.toString(child)))).singleElement().asString().endsWith("e?[2J??x");
        }
    }

    @Test
    void topRefusesObjectsOfOtherClassesThanJmxSends() throws Exception {
        try (HostJvm host = HostJvm.startWithoutAgent(AgentIT.javas().findFirst().orElseThrow())) {
            assertThat(host.send("fakeprocess")).isEqualTo("REGISTERED");
            String pid = Long.toString(host.pid);
            JmxConnectorIT.cli("", List.of(), "top", pid, "--once")
                    .failsWith(1, "java.io.InvalidClassException: filter status: REJECTED");
            // without the filter the java.io.File is built, and only the type check after it stops top
            JmxConnectorIT.cli("", List.of("-Djdk.serialFilter=*"), "top", pid, "--once")
                    .failsWith(1, "java.lang.ClassCastException").err().contains("java.io.File");
        }
    }

    @Test
    void passwordsNeverAppearInAnyProcessArguments() throws Exception {
        String password = "Pa55-" + System.nanoTime();
        try (HostJvm host = HostJvm.start(AgentIT.javas().findFirst().orElseThrow(), "interval=1m")) {
            host.awaitAgent();
            Path stdin = tmp.resolve("stdin");
            Files.writeString(stdin, "admin " + password + "\n");
            Process cli = new ProcessBuilder(JAVA.toString(), "-jar", HostJvm.AGENT_JAR.toAbsolutePath().toString(), "jmx",
                    Long.toString(host.pid), "--readwrite-user", "admin", "--password-file", "-")
                    .redirectInput(stdin.toFile()).redirectErrorStream(true).start();
            AtomicInteger samples = new AtomicInteger(), sawCli = new AtomicInteger();
            AtomicBoolean leaked = new AtomicBoolean();
            // as ps does: every process' arguments, over and over, while jmx runs
            while (cli.isAlive()) {
                try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                    for (Path p : procs) {
                        String args;
                        try {
                            args = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                        } catch (java.io.IOException e) {
                            continue; // exited meanwhile
                        }
                        if (args.contains(password)) leaked.set(true);
                        if (p.getFileName().toString().equals(Long.toString(cli.pid())) && args.contains("jmx")) sawCli.incrementAndGet();
                    }
                }
                samples.incrementAndGet();
            }
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cli.waitFor()).as(out).isZero();
            assertThat(sawCli.get()).as("samples that saw jmx running").isPositive();
            assertThat(leaked).as("a password in /proc/*/cmdline during %d samples", samples.get()).isFalse();
            try (JMXConnector c = JmxConnectorIT.as(JmxConnectorIT.url(out), "admin", password)) {
                assertThat(c.getMBeanServerConnection().getAttribute(AgentIT.AGENT, "HostPid")).isEqualTo(host.pid);
            }
        }
    }

    /**
     * Root runs jmx three times against a JVM of uid 65534 while that user, in a loop, swaps every
     * file in any /tmp/jpsutil-jmx-* directory (where the command once wrote its password and access
     * files, then handed them over) for a link to a root-owned file. Nothing of root's changes hands.
     */
    @Test
    void rootsJmxAgainstAnotherUsersJvmHandsNothingOver() throws Exception {
        Assumptions.assumeTrue(asRootWithSetpriv(), "needs root and setpriv to act as another user");
        Path victim = tmp.resolve("victim");
        Files.writeString(victim, "root's own\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        Path shared = Files.createTempDirectory("race-attacker-"); // not jpsutil-*: the loop would swap its own files
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path wrapper = tmp.resolve("java-as-nobody");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + PermissionsIT.AS_NOBODY + " " + AgentIT.javas().findFirst().orElseThrow() + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        String attack = "n=0; while [ ! -e " + shared + "/stop ]; do"
                + " for d in /tmp/jpsutil-jmx-*; do [ -d \"$d\" ] || continue;"
                + " for f in \"$d\"/* \"$d\"/jmxremote.password \"$d\"/jmxremote.access; do"
                + " rm -f \"$f\" 2>/dev/null; ln -s " + victim + " \"$f\" 2>/dev/null && echo \"$f\" >> " + shared + "/swapped; done; done;"
                + " n=$((n+1)); echo $n > " + shared + "/rounds; done";
        List<String> attacker = new ArrayList<>(List.of(PermissionsIT.AS_NOBODY.split(" ")));
        attacker.addAll(List.of("sh", "-c", attack));
        Process loop = new ProcessBuilder(attacker).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (HostJvm host = HostJvm.start(wrapper, "interval=1m")) {
            host.awaitAgent();
            String pid = Long.toString(host.pid);
            for (int round = 0; round < 3; round++) {
                String out = JmxConnectorIT.openConnector(host.pid, "ops pw-" + round + "\n", "--readwrite-user", "ops", "--password-file", "-");
                try (JMXConnector c = JmxConnectorIT.as(JmxConnectorIT.url(out), "ops", "pw-" + round)) {
                    assertThat(c.getMBeanServerConnection().getAttribute(AgentIT.AGENT, "HostPid")).isEqualTo(host.pid);
                }
                CliIT.cli("detach", pid).succeeds();
                CliIT.cli("attach", pid, "interval=1m").succeeds();
            }
        } finally {
            Files.writeString(shared.resolve("stop"), "");
            loop.waitFor();
        }
        assertThat(Integer.parseInt(Files.readString(shared.resolve("rounds")).trim())).as("rounds of the attacker's loop").isPositive();
        assertThat(Files.getOwner(victim).getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-------");
        assertThat(Files.readString(victim)).isEqualTo("root's own\n");
        try (java.util.stream.Stream<Path> all = Files.walk(shared)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The host runs under a shell that leads its session (setsid sh -c 'java ...'), as on a terminal:
     * watching that shell, or a process of another user, is refused by default, and the shell lives on.
     */
    @Test
    void watchRefusesTheShellThatLeadsTheHostsSessionAndOtherUsersProcesses() throws Exception {
        Path wrapper = tmp.resolve("java-in-a-session");
        Files.writeString(wrapper, "#!/bin/sh\nexec setsid /bin/sh -c '\"$@\"; exit $?' sh " + AgentIT.javas().findFirst().orElseThrow()
                + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HostJvm host = HostJvm.start(wrapper, "interval=1m")) {
            long shell = host.process.pid();
            assertThat(new Proc.Stat(host.pid).num(4)).as("the shell is the host's parent").isEqualTo(shell);
            assertThat(new Proc.Stat(host.pid).num(6)).as("and leads its session").isEqualTo(shell);
            host.awaitAgent();
            MBeanServerConnection mbs = host.connect();
            assertThatThrownBy(() -> mbs.invoke(AgentIT.AGENT, "watch", new Object[]{shell}, new String[]{"long"}))
                    .hasMessageContaining("refused: watch of pid " + shell + ": it leads the host's session")
                    .hasMessageContaining("watch=any");
            assertThat(mbs.queryNames(AgentIT.name("jpsutil:type=Process,pid=" + shell + ",*"), null)).isEmpty();
            if (asRootWithSetpriv()) {
                List<String> cmd = new ArrayList<>(List.of(PermissionsIT.AS_NOBODY.split(" ")));
                cmd.addAll(List.of("sleep", "60"));
                Process nobody = new ProcessBuilder(cmd).start();
                try {
                    for (int i = 0; i < 100 && !Proc.read("/proc/" + nobody.pid() + "/status").contains("Uid:\t65534"); i++) Thread.sleep(20);
                    assertThatThrownBy(() -> mbs.invoke(AgentIT.AGENT, "watch", new Object[]{nobody.pid()}, new String[]{"long"}))
                            .hasMessageContaining("refused: watch of pid " + nobody.pid() + ": it belongs to user nobody (uid 65534)");
                    assertThat(nobody.isAlive()).isTrue();
                } finally {
                    nobody.destroyForcibly().waitFor();
                }
            }
            assertThat(host.process.isAlive()).isTrue();
            assertThat(host.send("ping")).isEqualTo("PONG");
        }
    }
}
