package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The host JVM's Container MBean beside what the JDK reports of its own limits
 * (java.lang:type=OperatingSystem), on a host in a CPU- and memory-limited cgroup, and on one
 * started with -XX:ActiveProcessorCount, which the JDK obeys and no cgroup knows of. As root (the
 * cgroups are made and removed here).
 */
class ContainerLimitsIT {
    private static final ObjectName OS = AgentIT.name("java.lang:type=OperatingSystem");
    private static final ObjectName CONTAINER = AgentIT.name("jpsutil:type=Container,scope=self");
    private final TestCgroups cgroups = new TestCgroups();
    private WrappedHost host;
    private JMXConnector connector;

    static java.util.stream.Stream<Path> javas() {
        return AgentIT.javas().filter(Files::isExecutable);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (connector != null) connector.close();
        if (host != null) host.close();
        cgroups.removeAll();
    }

    private Path cgroup(String controller) throws IOException {
        return cgroups.make(controller);
    }

    private MBeanServerConnection connect(long pid) throws Exception {
        connector = LocalJmx.connect(pid);
        MBeanServerConnection mbs = connector.getMBeanServerConnection();
        for (int i = 0; i < 500 && !mbs.isRegistered(CONTAINER); i++) Thread.sleep(20);
        return mbs;
    }

    @ParameterizedTest
    @MethodSource("javas")
    void inACpuAndMemoryLimitedCgroupTheContainerViewAgreesWithTheJdk(Path java) throws Exception {
        Path cpu = cgroup("cpu");
        Path memory = cgroup("memory");
        Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000");
        Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "50000");
        long limit = 512L << 20;
        Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(limit));
        host = new WrappedHost(List.of("sh", "-c", "echo $$ > " + cpu.resolve("cgroup.procs") + " && echo $$ > "
                + memory.resolve("cgroup.procs") + " && exec \"$0\" \"$@\""), java, "interval=1s");
        MBeanServerConnection mbs = connect(host.reportedPid);

        int jdkCpus = (Integer) mbs.getAttribute(OS, "AvailableProcessors");
        assertThat(mbs.getAttribute(CONTAINER, "CpuEffectiveCount")).isEqualTo(jdkCpus);
        assertThat(jdkCpus).isEqualTo(1); // half a CPU, rounded up
        assertThat(mbs.getAttribute(CONTAINER, "CpuLimitCpus")).isEqualTo(0.5);
        assertThat(mbs.getAttribute(CONTAINER, "CpuQuotaSeconds")).isEqualTo(0.05);
        assertThat(mbs.getAttribute(CONTAINER, "MemoryLimitBytes")).isEqualTo(mbs.getAttribute(OS, "TotalMemorySize"))
                .isEqualTo(limit);
        assertThat(mbs.getAttribute(CONTAINER, "CgroupPath")).isEqualTo(TestCgroups.path("memory", memory));
    }

    @ParameterizedTest
    @MethodSource("javas")
    void activeProcessorCountIsTheJdksOwnAndNotAContainerLimit(Path java) throws Exception {
        assumeThat(Runtime.getRuntime().availableProcessors()).isGreaterThan(1);
        Path cpu = cgroup("cpu"); // a cgroup without a quota
        host = new WrappedHost(List.of("sh", "-c", "echo $$ > " + cpu.resolve("cgroup.procs") + " && exec \"$0\" \"$@\""), java,
                "interval=1s", "-XX:ActiveProcessorCount=1");
        MBeanServerConnection mbs = connect(host.reportedPid);
        assertThat(mbs.getAttribute(OS, "AvailableProcessors")).isEqualTo(1);
        assertThat(mbs.getAttribute(CONTAINER, "CpuQuotaSeconds")).isNull();
        assertThat(mbs.getAttribute(CONTAINER, "CpuEffectiveCount"))
                .isEqualTo(mbs.getAttribute(AgentIT.SYSTEM, "NumCpus")); // the machine's, as no limit applies
    }
}
