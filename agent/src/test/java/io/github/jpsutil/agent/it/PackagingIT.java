package io.github.jpsutil.agent.it;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape of the packaged agent jar: what lands on a host's system class path, and how it starts. */
class PackagingIT {
    @Test
    void onlyTheBootstrapIsOnTheClassPathTheRestIsInItsOwnFolders() throws Exception {
        try (JarFile jar = new JarFile(HostJvm.AGENT_JAR.toFile())) {
            List<String> files = jar.stream().filter(e -> !e.isDirectory()).map(JarEntry::getName).toList();
            // Class files outside the bootstrap are .classdata: no class loader of the host takes them.
            assertThat(files).filteredOn(f -> f.endsWith(".class"))
                    .allSatisfy(f -> assertThat(f).matches("io/github/jpsutil/agent/boot/[A-Za-z$0-9]+\\.class"))
                    .contains("io/github/jpsutil/agent/boot/Bootstrap.class");
            assertThat(files).allSatisfy(f -> assertThat(f).matches("META-INF/MANIFEST\\.MF|io/github/jpsutil/agent/boot/.+|jpsutil-(lib|cli)/.+"));
            assertThat(files).contains("jpsutil-lib/io/github/jpsutil/agent/AgentMain.classdata",
                    "jpsutil-lib/io/github/jpsutil/OsProcess.classdata", "jpsutil-lib/com/sun/jna/Native.classdata",
                    "jpsutil-lib/com/sun/jna/linux-x86-64/libjnidispatch.so", "jpsutil-lib/com/sun/jna/linux-aarch64/libjnidispatch.so",
                    "jpsutil-lib/META-INF/LICENSE", "jpsutil-cli/net/bytebuddy/agent/ByteBuddyAgent.classdata",
                    "jpsutil-cli/META-INF/LICENSE");
            // jpsutil runs on Linux only: JNA's libraries for other systems stay out; so do module descriptors.
            assertThat(files).noneMatch(f -> f.contains("/win32-") || f.contains("/darwin-") || f.contains("module-info"));

            Attributes m = jar.getManifest().getMainAttributes();
            assertThat(m.getValue("Premain-Class")).isEqualTo("io.github.jpsutil.agent.boot.Bootstrap");
            assertThat(m.getValue("Agent-Class")).isEqualTo("io.github.jpsutil.agent.boot.Bootstrap");
            assertThat(m.getValue("Main-Class")).as("the command line").isEqualTo("io.github.jpsutil.agent.boot.Bootstrap");

            // Class file version 52 is Java 8: an old JVM can load the entry point and be told why not.
            for (String f : files) {
                if (!f.endsWith(".class")) continue;
                try (DataInputStream in = new DataInputStream(jar.getInputStream(jar.getEntry(f)))) {
                    assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
                    in.readUnsignedShort();
                    assertThat(in.readUnsignedShort()).as(f).isEqualTo(52);
                }
            }
        }
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
