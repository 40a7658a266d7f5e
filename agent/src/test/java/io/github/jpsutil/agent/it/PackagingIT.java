package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shape of the packaged agent jar: what lands on a host's system class path, and how it starts. */
class PackagingIT {
    @Test
    void onlyTheBootstrapIsOnTheClassPathTheRestIsNested() throws Exception {
        try (JarFile jar = new JarFile(HostJvm.AGENT_JAR.toFile())) {
            List<String> files = jar.stream().filter(e -> !e.isDirectory()).map(JarEntry::getName).toList();
            assertThat(files).allSatisfy(f -> assertThat(f).matches(
                    "META-INF/MANIFEST\\.MF|io/github/jpsutil/agent/boot/[A-Za-z$0-9]+\\.class|jpsutil-(lib|cli)\\.jar"));
            assertThat(files).contains("io/github/jpsutil/agent/boot/Bootstrap.class", "jpsutil-lib.jar", "jpsutil-cli.jar");
            // Stored, not deflated: the bootstrap reads their entries in place.
            assertThat(jar.getEntry("jpsutil-lib.jar").getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(jar.getEntry("jpsutil-cli.jar").getMethod()).isEqualTo(ZipEntry.STORED);

            Map<String, byte[]> lib = nestedEntries(jar, "jpsutil-lib.jar");
            assertThat(lib).containsKeys("io/github/jpsutil/agent/AgentMain.class", "io/github/jpsutil/OsProcess.class",
                    "com/sun/jna/Native.class", "com/sun/jna/linux-x86-64/libjnidispatch.so",
                    "com/sun/jna/linux-aarch64/libjnidispatch.so", "META-INF/LICENSE");
            // jpsutil runs on Linux only: JNA's libraries for other systems stay out; so do module descriptors.
            assertThat(lib.keySet()).noneMatch(f -> f.contains("win32-") || f.contains("darwin-") || f.contains("module-info"));
            assertThat(nestedEntries(jar, "jpsutil-cli.jar")).containsKeys("net/bytebuddy/agent/ByteBuddyAgent.class", "META-INF/LICENSE");

            Attributes m = jar.getManifest().getMainAttributes();
            assertThat(m.getValue("Premain-Class")).isEqualTo("io.github.jpsutil.agent.boot.Bootstrap");
            assertThat(m.getValue("Agent-Class")).isEqualTo("io.github.jpsutil.agent.boot.Bootstrap");
            assertThat(m.getValue("Main-Class")).as("the command line").isEqualTo("io.github.jpsutil.agent.boot.Bootstrap");

            // Java 22+ reads it from the jar that java -jar runs (the command line); an agent's is not read.
            assertThat(m.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");

            // Class file version 52 is Java 8: an old JVM can load the entry point and be told why not.
            // AgentModule (61, Java 17) is loaded only after that check.
            for (String f : files) {
                if (!f.endsWith(".class")) continue;
                try (DataInputStream in = new DataInputStream(jar.getInputStream(jar.getEntry(f)))) {
                    assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
                    in.readUnsignedShort();
                    assertThat(in.readUnsignedShort()).as(f).isEqualTo(f.startsWith("io/github/jpsutil/agent/boot/AgentModule") ? 61 : 52);
                }
            }
            assertThat(files).contains("io/github/jpsutil/agent/boot/AgentModule.class");
        }
    }

    /** The bootstrap's own reader gives every entry of the nested jars byte for byte as the JDK's does. */
    @Test
    void nestedJarsReadInPlaceAsTheJdkReadsThem() throws Exception {
        try (URLClassLoader l = new URLClassLoader(new URL[]{HostJvm.AGENT_JAR.toUri().toURL()}, null);
             JarFile jar = new JarFile(HostJvm.AGENT_JAR.toFile())) {
            Method of = l.loadClass("io.github.jpsutil.agent.boot.NestedJarClassLoader")
                    .getDeclaredMethod("of", File.class, String.class, ClassLoader.class);
            of.setAccessible(true);
            for (String nested : List.of("jpsutil-lib.jar", "jpsutil-cli.jar")) {
                ClassLoader reader = (ClassLoader) of.invoke(null, HostJvm.AGENT_JAR.toFile(), nested, null);
                Map<String, byte[]> expected = nestedEntries(jar, nested);
                assertThat(expected).hasSizeGreaterThan(50);
                expected.forEach((name, bytes) -> {
                    try (InputStream in = reader.getResourceAsStream(name)) {
                        assertThat(in).as(name).isNotNull();
                        assertThat(in.readAllBytes()).as(name).isEqualTo(bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                assertThat(reader.getResource("no/such/Entry.class")).isNull();
            }
            assertThatThrownBy(() -> of.invoke(null, HostJvm.AGENT_JAR.toFile(), "missing.jar", null))
                    .cause().isInstanceOf(IOException.class).hasMessageEndingWith("has no missing.jar");
            assertThatThrownBy(() -> of.invoke(null, HostJvm.AGENT_JAR.toFile(), "META-INF/MANIFEST.MF", null))
                    .cause().isInstanceOf(IOException.class).hasMessageContaining("is compressed; it must be stored");
        }
    }

    /** Every file in a jar nested in the agent jar, read with the JDK's zip stream. */
    private static Map<String, byte[]> nestedEntries(JarFile jar, String nested) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(jar.getInputStream(jar.getEntry(nested)))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry())
                if (!e.isDirectory()) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    @Test
    void oldJavasAreToldInOneLine() throws Exception {
        try (URLClassLoader l = new URLClassLoader(new URL[]{HostJvm.AGENT_JAR.toUri().toURL()}, null)) {
            Method m = l.loadClass("io.github.jpsutil.agent.boot.Bootstrap").getDeclaredMethod("versionProblem", String.class);
            m.setAccessible(true);
            assertThat((String) m.invoke(null, "1.8")).startsWith("jpsutil needs Java 17 or later").contains("Java 1.8")
                    .doesNotContain("\n");
            assertThat((String) m.invoke(null, "11")).startsWith("jpsutil needs Java 17 or later").contains("Java 11");
            assertThat((String) m.invoke(null, "17")).isNull();
            assertThat((String) m.invoke(null, "25")).isNull();
            assertThat((String) m.invoke(null, "26.0.1")).isNull();
        }
    }
}
