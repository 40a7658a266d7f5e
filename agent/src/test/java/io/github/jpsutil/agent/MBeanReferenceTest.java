package io.github.jpsutil.agent;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.Test;

import javax.management.Descriptor;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The MBean reference, src/site/markdown/mbeans.md, written from the MBeans' own MBeanInfo (attribute open
 * types, the "units" descriptor field, descriptions, operations with their parameters and impact,
 * notifications) as the agent registers them. The test fails when the committed file differs from
 * what the MBeans say, so the reference cannot drift; run it with -Djpsutil.mbeans.update=true to
 * rewrite the file.
 */
class MBeanReferenceTest {
    static final Path REFERENCE = Path.of(System.getProperty("jpsutil.mbeans.md", "../src/site/markdown/mbeans.md"));
    static final String REGENERATE = "mvn -B -pl api,agent -am test -Dtest=MBeanReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Djpsutil.mbeans.update=true";

    @Test
    void referenceMatchesTheMBeans() throws Exception {
        GeneratedFile.check(REFERENCE, generate(), "jpsutil.mbeans.update", REGENERATE);
    }

    /** The reference, from the MBeans of a real Sampler (this JVM as host, one child, one watched process). */
    static String generate() throws Exception {
        Map<String, MBeanInfo> infos = new LinkedHashMap<>();
        List<ObjectName> names = new ArrayList<>();
        MBeanInfo readOnlyProcess;
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            MBeanServer server = MBeanServerFactory.newMBeanServer();
            Sampler s = new Sampler(Psutil.local(), server, Options.parse("interval=1h,watch=any")); // watches its parent, an ancestor
            try {
                s.start();
                server.invoke(Sampler.AGENT_NAME, "refresh", null, null);
                long parent = ProcessHandle.current().parent().orElseThrow().pid();
                server.invoke(Sampler.AGENT_NAME, "watch", new Object[]{parent}, new String[]{"long"});
                for (ObjectName n : new TreeSet<>(server.queryNames(new ObjectName("jpsutil:*"), null))) {
                    names.add(n);
                    infos.putIfAbsent(n.getKeyProperty("type"), server.getMBeanInfo(n));
                }
            } finally {
                s.close();
            }
            MBeanServer server2 = MBeanServerFactory.newMBeanServer();
            Sampler ro = new Sampler(Psutil.local(), server2, Options.parse("interval=1h,readOnly=true"));
            try {
                ro.start();
                readOnlyProcess = server2.getMBeanInfo(new ObjectName("jpsutil:type=Process,scope=self,pid=" + ProcessHandle.current().pid()));
            } finally {
                ro.close();
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        return render(names, infos, readOnlyProcess);
    }

    static String render(List<ObjectName> names, Map<String, MBeanInfo> infos, MBeanInfo readOnlyProcess) throws JMException {
        StringBuilder b = new StringBuilder();
        b.append("# jpsutil MBean reference\n\n")
                .append("<!-- Generated from the MBeans' own MBeanInfo by agent/src/test/java/io/github/jpsutil/agent/MBeanReferenceTest.java:\n")
                .append("     do not edit. The build (mvn test) fails when this file and the MBeans disagree; rewrite it with\n")
                .append("     ").append(REGENERATE).append(" -->\n\n")
                .append("Domain `jpsutil`. Every attribute and operation uses JMX open types only, so any JMX client reads them\n")
                .append("without jpsutil's classes. Unit, kind and psutil name come from each attribute's descriptor fields `units`,\n")
                .append("`metricType` and `psutil`; every value of a Process or System MBean is declared once, in the api's\n")
                .append("`ProcessMetrics` and `SystemMetrics` catalogs.\n\n")
                .append("## ObjectNames\n\n| ObjectName pattern | MBean |\n|---|---|\n");
        for (String p : new TreeSet<>(names.stream().map(MBeanReferenceTest::pattern).toList()))
            b.append("| `").append(p).append("` | [").append(typeOf(p)).append("](#").append(typeOf(p).toLowerCase()).append(") |\n");
        b.append("\n`<name>` is the kernel's name of a disk (as in /proc/diskstats) or network interface, `<mountpoint>` where a")
                .append(" file system is mounted (quoted with ObjectName.quote when it holds other characters than letters, digits and")
                .append(" `_./@+-`); these MBeans come and go with the devices and mounts, at the agent's sampling interval.\n");
        b.append("\n`<pid>` is the process id. `scope` is `self` for the host JVM, `child` for each of its live descendants")
                .append(" (tracked with the option `children=true`), and `watched` for a process added with the Agent's `watch(pid)`.\n");
        for (Map.Entry<String, MBeanInfo> e : infos.entrySet()) {
            MBeanInfo info = e.getValue();
            b.append("\n## ").append(e.getKey()).append("\n\n").append(info.getDescription()).append("\n\n");
            b.append("Class name in MBeanInfo: `").append(info.getClassName()).append("`.")
                    .append(immutable(info.getDescriptor()) ? " The MBeanInfo is immutable (descriptor `immutableInfo=true`)." : "")
                    .append("\n\n### Attributes\n\n| Name | Type | Unit | Kind | Access | psutil | Description |\n|---|---|---|---|---|---|---|\n");
            for (MBeanAttributeInfo a : info.getAttributes()) {
                Descriptor d = a.getDescriptor();
                b.append("| `").append(a.getName()).append("` | ").append(type(a)).append(" | ")
                        .append(field(d, "units")).append(" | ").append(field(d, "metricType")).append(" | ")
                        .append(a.isWritable() ? "read-write" : "read-only").append(" | ")
                        .append(d.getFieldValue("psutil") == null ? "" : "`" + d.getFieldValue("psutil") + "`")
                        .append(" | ").append(cell(a.getDescription())).append(" |\n");
            }
            for (MBeanAttributeInfo a : info.getAttributes()) {
                if (a instanceof OpenMBeanAttributeInfo o && o.getOpenType() instanceof TabularType t) {
                    CompositeType row = t.getRowType();
                    b.append("\n`").append(a.getName()).append("` rows (`").append(row.getTypeName()).append("`, indexed by ")
                            .append(String.join(", ", t.getIndexNames())).append("):\n\n| Item | Type | Description |\n|---|---|---|\n");
                    for (String item : row.keySet())
                        b.append("| `").append(item).append("` | ").append(openType(row.getType(item))).append(" | ")
                                .append(cell(row.getDescription(item))).append(" |\n");
                }
            }
            b.append("\n### Operations\n\n");
            if (info.getOperations().length == 0) b.append("None.\n");
            else {
                b.append("| Operation | Returns | Impact | Description |\n|---|---|---|---|\n");
                for (MBeanOperationInfo op : info.getOperations()) {
                    List<String> params = new ArrayList<>();
                    for (MBeanParameterInfo p : op.getSignature())
                        params.add(openTypeOrClass(p) + " " + p.getName());
                    b.append("| `").append(op.getName()).append("(").append(String.join(", ", params)).append(")` | ")
                            .append(returns(op)).append(" | ").append(impact(op.getImpact())).append(" | ")
                            .append(cell(op.getDescription()));
                    for (MBeanParameterInfo p : op.getSignature())
                        b.append("<br>`").append(p.getName()).append("`: ").append(cell(p.getDescription()));
                    b.append(" |\n");
                }
            }
            b.append("\n### Notifications\n\n");
            if (info.getNotifications().length == 0) b.append("None.\n");
            else {
                b.append("| Type | Class | Description |\n|---|---|---|\n");
                for (MBeanNotificationInfo n : info.getNotifications())
                    b.append("| `").append(String.join("`, `", n.getNotifTypes())).append("` | `").append(n.getName()).append("` | ")
                            .append(cell(n.getDescription())).append(" |\n");
            }
            if (e.getKey().equals("Process")) b.append(readOnlyDifferences(info, readOnlyProcess));
        }
        return b.toString();
    }

    /** What a Process MBean's info says differently when the agent runs with readOnly=true. */
    static String readOnlyDifferences(MBeanInfo normal, MBeanInfo readOnly) {
        StringBuilder b = new StringBuilder("\n### With the option readOnly=true\n\n");
        List<String> lines = new ArrayList<>();
        for (MBeanAttributeInfo a : normal.getAttributes())
            for (MBeanAttributeInfo r : readOnly.getAttributes())
                if (a.getName().equals(r.getName()) && a.isWritable() != r.isWritable())
                    lines.add("- attribute `" + a.getName() + "` is " + (r.isWritable() ? "read-write" : "read-only"));
        for (MBeanOperationInfo o : normal.getOperations())
            for (MBeanOperationInfo r : readOnly.getOperations())
                if (o.getName().equals(r.getName()) && !o.getDescription().equals(r.getDescription()))
                    lines.add("- `" + o.getName() + "`: " + cell(r.getDescription()));
        if (lines.isEmpty()) return b.append("No difference.\n").toString();
        return b.append(String.join("\n", lines)).append('\n').toString();
    }

    static String pattern(ObjectName n) {
        String s = n.toString();
        // the machine's own devices stand as placeholders, so the reference is the same on every machine
        for (String key : new String[]{"pid", "name", "mountpoint"}) {
            String v = n.getKeyProperty(key);
            if (v != null) s = s.replace(key + "=" + v, key + "=<" + key + ">");
        }
        return s;
    }

    static String typeOf(String pattern) {
        int i = pattern.indexOf("type=") + 5;
        int j = pattern.indexOf(',', i);
        return pattern.substring(i, j < 0 ? pattern.length() : j);
    }

    static String field(Descriptor d, String name) {
        Object v = d.getFieldValue(name);
        return v == null ? "" : v.toString();
    }

    static boolean immutable(Descriptor d) {
        return "true".equals(String.valueOf(d.getFieldValue("immutableInfo")));
    }

    static String type(MBeanAttributeInfo a) {
        return a instanceof OpenMBeanAttributeInfo o ? openType(o.getOpenType()) : "`" + a.getType() + "`";
    }

    static String openTypeOrClass(MBeanParameterInfo p) {
        return p instanceof OpenMBeanParameterInfo o ? openType(o.getOpenType()).replace("`", "") : p.getType();
    }

    static String returns(MBeanOperationInfo op) {
        return op instanceof OpenMBeanOperationInfo o ? openType(o.getReturnOpenType()) : "`" + op.getReturnType() + "`";
    }

    static String openType(OpenType<?> t) {
        if (t instanceof SimpleType<?> s) return "`" + s.getClassName().substring(s.getClassName().lastIndexOf('.') + 1) + "`";
        if (t instanceof ArrayType<?> a) {
            String cls = a.getClassName();
            return "`" + (a.isPrimitiveArray() ? cls.equals("[J") ? "long[]" : cls : openType(a.getElementOpenType()).replace("`", "") + "[]") + "`";
        }
        if (t instanceof TabularType tt) return "`TabularData` (`" + tt.getTypeName() + "`)";
        if (t instanceof CompositeType c) return "`CompositeData` (`" + c.getTypeName() + "`)";
        return "`" + t.getTypeName() + "`";
    }

    static String impact(int impact) {
        return switch (impact) {
            case MBeanOperationInfo.ACTION -> "ACTION";
            case MBeanOperationInfo.INFO -> "INFO";
            case MBeanOperationInfo.ACTION_INFO -> "ACTION_INFO";
            default -> "UNKNOWN";
        };
    }

    static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
