package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jolokia 2.4.2's JVM agent next to jpsutil's in one host JVM: jpsutil's MBeans read and operated
 * over Jolokia's HTTP/JSON protocol on 127.0.0.1, checked against /proc; and the access policy of
 * examples/jolokia/jolokia-access.xml (reads and gentle operations allowed, kill and terminate refused).
 */
class JolokiaIT {
    private static final Pattern STARTED = Pattern.compile("Jolokia: Agent .* started with URL (http://127\\.0\\.0\\.1:\\d+/jolokia)\\b.*");

    /**
     * A host with both agents. Jolokia takes an ephemeral port and prints its URL on the host's stdout
     * (after the Host's READY line: it starts its server on a thread of its own), and "I> ..." notes.
     */
    static HostJvm host(String jolokiaOptions) throws Exception {
        return HostJvm.launchWithForeignOutput(l -> l.startsWith("Jolokia: ") || l.startsWith("I> "),
                AgentIT.javas().findFirst().orElseThrow(),
                "-javaagent:" + ClientTools.jar("jolokia-agent-jvm-javaagent.jar") + "=host=127.0.0.1,port=0" + jolokiaOptions,
                "-javaagent:" + HostJvm.AGENT_JAR.toAbsolutePath() + "=interval=1m");
    }

    static String url(HostJvm host) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (String line : host.foreignLines()) {
                Matcher m = STARTED.matcher(line);
                if (m.matches()) return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Jolokia printed no URL; stdout " + host.foreignLines() + ", stderr " + host.stderr());
    }

    /** One Jolokia request (POST, JSON); the parsed answer, whose "status" is Jolokia's own. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> call(String url, String json) throws Exception {
        HttpResponse<String> r = ClientTools.post(url, json);
        assertThat(r.statusCode()).as("HTTP status of %s: %s", json, r.body()).isEqualTo(200);
        return (Map<String, Object>) ClientTools.json(r.body());
    }

    static Object ok(Map<String, Object> answer) {
        assertThat(answer.get("status")).as("%s", answer).isEqualTo(new BigDecimal(200));
        return answer.get("value");
    }

    static String mbean(String scope, long pid) {
        return "jpsutil:type=Process,scope=" + scope + ",pid=" + pid;
    }

    static String exec(String mbean, String operation, Object... args) {
        StringBuilder a = new StringBuilder();
        for (Object o : args) a.append(a.length() == 0 ? "" : ",").append(o instanceof String ? "\"" + o + "\"" : o);
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\",\"arguments\":[" + a + "]}";
    }

    /** The child's nice value as the kernel shows it (field 19 of /proc/PID/stat). */
    static long nice(long pid) throws Exception {
        return new Proc.Stat(pid).num(19);
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsAttributesAndRunsOperationsOverHttp() throws Exception {
        try (HostJvm host = host("")) {
            String url = url(host);
            host.awaitAgent();
            long child = host.spawn("sleep 120");
            Proc.awaitState(child, "S"); // settled into its sleep, so that Status reads "sleeping"
            ok(call(url, exec("jpsutil:type=Agent", "refresh")));

            List<Object> names = (List<Object>) ok(call(url, "{\"type\":\"search\",\"mbean\":\"jpsutil:*\"}"));
            assertThat(names).contains("jpsutil:type=System", "jpsutil:type=Agent")
                    .anySatisfy(n -> assertThat((String) n).contains("pid=" + child).contains("scope=child").contains("type=Process"));

            // several attributes in one read: numbers as JSON numbers, String[] as an array, TabularData as an object
            Map<String, Object> v = (Map<String, Object>) ok(call(url, "{\"type\":\"read\",\"mbean\":\"" + mbean("child", child)
                    + "\",\"attribute\":[\"Pid\",\"Ppid\",\"Name\",\"Cmdline\",\"Status\",\"NumThreads\",\"ResidentMemoryBytes\","
                    + "\"CpuUserSecondsTotal\",\"Threads\"]}"));
            assertThat(v.get("Pid")).isEqualTo(new BigDecimal(child));
            assertThat(v.get("Ppid")).isEqualTo(new BigDecimal(host.pid));
            assertThat(v.get("Name")).isEqualTo("sleep");
            assertThat(v.get("Cmdline")).isEqualTo(List.of("sleep", "120"));
            assertThat(v.get("Status")).isEqualTo("sleeping");
            assertThat(v.get("NumThreads")).isEqualTo(BigDecimal.ONE);
            assertThat(((BigDecimal) v.get("ResidentMemoryBytes")).longValueExact()).isEqualTo(Proc.statm(child)[1] * Proc.PAGE_SIZE);
            assertThat(((BigDecimal) v.get("CpuUserSecondsTotal")).doubleValue()).isEqualTo(new Proc.Stat(child).seconds(14));
            assertThat((Map<String, Object>) v.get("Threads")).containsOnlyKeys(Long.toString(child));

            // a GET read of one attribute, as a browser or curl would do it
            HttpResponse<String> get = ClientTools.get(url + "/read/jpsutil:type=System/MemoryTotalBytes");
            assertThat(get.statusCode()).isEqualTo(200);
            Object total = ok((Map<String, Object>) ClientTools.json(get.body()));
            assertThat(((BigDecimal) total).longValueExact()).isEqualTo(Proc.meminfo("MemTotal"));

            // operations: the kernel's own view of the child after each
            assertThat(ok(call(url, exec(mbean("child", child), "suspend")))).isNull();
            assertThat(Proc.awaitState(child, "T")).isEqualTo("T");
            assertThat(ok(call(url, "{\"type\":\"read\",\"mbean\":\"" + mbean("child", child) + "\",\"attribute\":\"Status\"}")))
                    .isEqualTo("stopped");
            ok(call(url, exec(mbean("child", child), "resume")));
            assertThat(Proc.awaitState(child, "S")).isEqualTo("S");
            ok(call(url, exec(mbean("child", child), "renice", 6)));
            assertThat(nice(child)).isEqualTo(6);

            // the agent's own guard comes through Jolokia with its message
            Map<String, Object> self = call(url, exec(mbean("self", host.pid), "suspend"));
            assertThat(self.get("status")).isNotEqualTo(new BigDecimal(200));
            assertThat((String) self.get("error")).contains("allowSelfSignals");
            assertThat(Proc.awaitState(host.pid, "S")).isNotEqualTo("T");
        }
    }

    @Test
    void theExamplePolicyAllowsReadsAndRefusesKillAndTerminate() throws Exception {
        String policy = ClientTools.example("jolokia/jolokia-access.xml").toUri().toString();
        try (HostJvm host = host(",policyLocation=" + policy)) {
            String url = url(host);
            assertThat(host.foreignLines()).noneMatch(l -> l.contains("No access restrictor found"));
            host.awaitAgent();
            long child = host.spawn("sleep 120");
            ok(call(url, exec("jpsutil:type=Agent", "refresh")));
            String kid = mbean("child", child);

            assertThat(ok(call(url, "{\"type\":\"read\",\"mbean\":\"" + kid + "\",\"attribute\":\"Name\"}"))).isEqualTo("sleep");
            assertThat(ok(call(url, "{\"type\":\"list\",\"path\":\"jpsutil\"}"))).isNotNull();

            for (String op : List.of("kill", "terminate")) {
                Map<String, Object> refused = call(url, exec(kid, op));
                assertThat(refused.get("status")).as("%s: %s", op, refused).isEqualTo(new BigDecimal(403));
            }
            Map<String, Object> signal = call(url, exec(kid, "sendSignal", "SIGKILL"));
            assertThat(signal.get("status")).as("%s", signal).isEqualTo(new BigDecimal(403));
            Map<String, Object> write = call(url, "{\"type\":\"write\",\"mbean\":\"" + kid + "\",\"attribute\":\"Nice\",\"value\":3}");
            assertThat(write.get("status")).as("%s", write).isEqualTo(new BigDecimal(403));
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(new Proc.Stat(child).get(3)).as("the child still runs").isEqualTo("S");
            assertThat(nice(child)).isZero();

            // what the policy does not deny still works
            ok(call(url, exec(kid, "suspend")));
            assertThat(Proc.awaitState(child, "T")).isEqualTo("T");
            ok(call(url, exec(kid, "resume")));
            assertThat(Proc.awaitState(child, "S")).isEqualTo("S");
        }
    }
}
