package io.github.jpsutil.jconsole;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotTest {
    static ProcessRow row(String scope, long pid, long ppid) throws Exception {
        return new ProcessRow(new ObjectName("jpsutil:type=Process,scope=" + scope + ",pid=" + pid), scope, pid, ppid, "p" + pid,
                "root", "sleeping", 0.0, 1L, 1, 0, 0.0, List.of("p" + pid), 0);
    }

    @Test
    void treeOrderPutsTheHostFirstAndEachChildUnderItsParentAtTheNextDepth() throws Exception {
        List<ProcessRow> rows = List.of(row("child", 30, 20), row("watched", 5, 1), row("child", 21, 10),
                row("self", 10, 2), row("child", 20, 10), row("child", 31, 20));
        List<ProcessRow> tree = Snapshot.treeOrder(rows);
        assertThat(tree).extracting(ProcessRow::pid).containsExactly(10L, 20L, 30L, 31L, 21L, 5L);
        assertThat(tree).extracting(ProcessRow::depth).containsExactly(0, 1, 2, 2, 1, 0);
    }

    @Test
    void aProcessWhoseParentIsNotShownOrIsItselfIsARoot() throws Exception {
        List<ProcessRow> tree = Snapshot.treeOrder(List.of(row("watched", 1, 0), row("child", 40, 39), row("self", 7, 2),
                row("watched", 50, 50)));
        assertThat(tree).extracting(ProcessRow::pid).containsExactly(7L, 1L, 40L, 50L);
        assertThat(tree).allSatisfy(r -> assertThat(r.depth()).isZero());
    }

    @Test
    void aWatchedAncestorOfTheHostHoldsItInTheTreeAsTheKernelDoes() throws Exception {
        List<ProcessRow> tree = Snapshot.treeOrder(List.of(row("self", 7, 1), row("watched", 1, 0), row("child", 8, 7)));
        assertThat(tree).extracting(ProcessRow::pid).containsExactly(1L, 7L, 8L);
        assertThat(tree).extracting(ProcessRow::depth).containsExactly(0, 1, 2);
    }

    @Test
    void theNoAgentMessageGivesTheAttachCommandForThatPid() {
        Snapshot s = Snapshot.withoutAgent(4242);
        assertThat(s.hasAgent()).isFalse();
        assertThat(s.noAgent()).contains("(pid 4242)").contains("\n    java -jar jpsutil-agent.jar attach 4242\n");
        assertThat(Snapshot.withoutAgent(-1).noAgent()).contains("attach PID").doesNotContain("pid -1");
    }

    @Test
    void commandLinesQuoteArgumentsWithBlanksAndFiguresReadAsUnits() throws Exception {
        ProcessRow r = new ProcessRow(new ObjectName("jpsutil:type=Process,scope=child,pid=3"), "child", 3, 1, "sh", null, null,
                null, null, null, null, null, List.of("sh", "-c", "sleep 1; true", ""), 0);
        assertThat(r.commandLine()).isEqualTo("sh -c 'sleep 1; true' ''");
        assertThat(r.label()).isEqualTo("3 (sh)");
        assertThat(Format.bytes(1023L)).isEqualTo("1023 B");
        assertThat(Format.bytes(1536L * 1024)).isEqualTo("1.5 MiB");
        assertThat(Format.bytes(null)).isEqualTo("?");
        assertThat(Format.percent(12.345)).isEqualTo("12.3 %");
        assertThat(new Machine(50.0, 2, 8L << 30, 6L << 30, 25.0).summary())
                .isEqualTo("CPU 50.0 % (2 CPUs) \u00b7 memory 2.0 GiB used of 8.0 GiB (25.0 %)");
    }
}
