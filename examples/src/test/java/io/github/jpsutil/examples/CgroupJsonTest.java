package io.github.jpsutil.examples;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code system --json} and {@code ps --json} carry the cgroup figures and the machine's pressure. */
class CgroupJsonTest {

    @Test
    void systemJsonHasTheMachinesPressureAndThisProgramsCgroup() throws Exception {
        Map<String, Object> d = SystemInfo.asDict(Psutil.local());
        assertThat(d).containsKeys("pressure", "cgroup");
        if (Files.exists(Path.of("/proc/pressure/cpu")))
            assertThat(((Map<?, ?>) d.get("pressure")).get("cpu_some_total")).isInstanceOf(Double.class);
        Map<?, ?> cgroup = (Map<?, ?>) d.get("cgroup");
        String memoryLine = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.matches("\\d+:memory:.*"))
                .findFirst().orElse(null);
        if (memoryLine != null) {
            assertThat(cgroup.get("path")).isEqualTo(memoryLine.substring(memoryLine.indexOf(":memory:") + 8));
            assertThat(((Map<?, ?>) cgroup.get("memory")).get("current")).isInstanceOf(Long.class);
        }
        assertThat(Json.write(d)).contains("\"cgroup\":");
    }

    @Test
    void psJsonHasEachProcessCgroup() {
        Map<String, Object> d = Ps.asDict(Psutil.local().self().oneshot(), null);
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) d.get("cgroup")).keySet())).contains("version", "path");
        assertThat(Ps.asDict(Psutil.local().self(), java.util.Set.of("pid"))).doesNotContainKey("cgroup");
    }
}
