package io.github.jpsutil.linux;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel runs the connector sockets' filter: threads' forks and exits never reach the socket of forks and exits. */
class ProcConnectorFilterTest {
    @Test
    void threadsForksAndExitsAreDroppedByTheKernel() throws Exception {
        try (ProcConnector c = ProcConnector.open()) {
            for (int i = 0; i < 50; i++) {
                Thread t = new Thread(() -> { });
                t.start();
                t.join();
            }
            Process marker = new ProcessBuilder("true").start(); // what came before it has been queued by then
            marker.waitFor();
            List<String> threadEvents = new ArrayList<>();
            int kept = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean markerExited = false;
            while (!markerExited && System.nanoTime() < deadline) {
                int n = c.receiveForksAndExits();
                if (n == 0) Thread.sleep(1);
                for (int i = 0; i < n; i++) {
                    ByteBuffer m = c.datagram(i);
                    if (m.limit() < ProcConnector.EVENT + 40) continue;
                    kept++;
                    int what = m.getInt(ProcConnector.EVENT), d = ProcConnector.EVENT + 16;
                    if (what == ProcConnector.EV_FORK && m.getInt(d + 8) != m.getInt(d + 12)) threadEvents.add("fork of thread " + m.getInt(d + 8));
                    if (what == ProcConnector.EV_EXIT && m.getInt(d) != m.getInt(d + 4)) threadEvents.add("exit of thread " + m.getInt(d));
                    if (what == ProcConnector.EV_EXIT && m.getInt(d) == marker.pid()) markerExited = true;
                }
            }
            assertThat(kept).as("the marker's fork and exit at least").isGreaterThanOrEqualTo(2);
            assertThat(threadEvents).isEmpty();
        }
    }
}
