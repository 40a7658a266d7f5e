package io.github.jpsutil.examples;

import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;
import io.github.jpsutil.SystemView;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * psutil's contract, for the JSON the examples print: every value a process handle (or the view
 * of the machine) can read is a key of {@code ps --json} ({@code system --json}), named as psutil
 * names it. The keys come from the value catalogs, so a value missing from a catalog fails here.
 */
class JsonContractTest {
    /** Public methods of OsProcess that read no value of the process, and why. */
    private static final Map<String, String> NOT_VALUES = Map.of(
            "oneshot", "a view of the process, not a value",
            "isRunning", "the state of the handle",
            "startTicks", "the identity jpsutil checks; create_time gives the same instant",
            "parent", "another process; psutil's as_dict() leaves it out",
            "children", "other processes; psutil's as_dict() leaves it out",
            "parents", "other processes; psutil's as_dict() leaves it out (the MBeans show their pids)",
            "connections", "psutil's as_dict() leaves it out",
            "waitFor", "waits for the end; no reading",
            "waitForExit", "waits for the end (and says whether the OOM killer caused it); no reading",
            "exitStatus", "how the process will end; no reading");

    @Test
    void everyReadingOfAProcessIsInPsJson() {
        Set<String> keys = Ps.asDict(Psutil.local().self().oneshot(), Ps.allKeys()).keySet();
        List<String> accessors = accessors(OsProcess.class, NOT_VALUES.keySet());
        assertThat(accessors).contains("cpuTimes", "numFds", "memoryInfo", "ionice");
        for (String a : accessors) assertThat(keys).as("ps --json has OsProcess.%s()", a).contains(snake(a));
    }

    @Test
    void everyReadingOfTheMachineIsInSystemJson() {
        Set<String> keys = SystemInfo.asDict(Psutil.local()).keySet();
        List<String> accessors = accessors(SystemView.class, Set.of());
        assertThat(accessors).contains("cpuTimes", "virtualMemory", "swapMemory", "cpuCount", "bootTime");
        for (String a : accessors) assertThat(keys).as("system --json has SystemView.%s()", a).contains(snake(a));
    }

    private static final Set<String> OBJECT_METHODS = Set.of("toString", "hashCode", "getClass");

    /** Public instance methods without parameters that return something, less the excluded ones. */
    private static List<String> accessors(Class<?> c, Set<String> excluded) {
        List<String> out = new ArrayList<>();
        for (Method m : c.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getReturnType() == void.class
                    || OBJECT_METHODS.contains(m.getName()) || excluded.contains(m.getName())) continue;
            out.add(m.getName());
        }
        return out;
    }

    /** psutil's spelling of a Java accessor: cpuTimes to cpu_times, processCount to process_count. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
