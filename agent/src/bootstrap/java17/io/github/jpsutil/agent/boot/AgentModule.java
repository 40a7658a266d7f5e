package io.github.jpsutil.agent.boot;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes the agent's class loader the loader of one named module, in a module layer of its own
 * above the boot layer, before it defines any class. Java 24 and later warn of (or deny) native
 * access per module, and every class path jar shares one unnamed module: a named module lets the
 * agent be granted native access alone (see io.github.jpsutil.agent.NativeAccess), without
 * touching the host's own code. Compiled for Java 17 and called by reflection from
 * {@link Bootstrap}, which is compiled for Java 8 and has checked the version first.
 */
final class AgentModule {
    /** The module's name: the agent, the library and JNA, as one module. */
    static final String NAME = "io.github.jpsutil.agent";

    private AgentModule() {
    }

    /**
     * The JDK modules the agent, the library and JNA use. Optional ({@code static}): one a runtime
     * lacks is not read, and only what needs it fails, as on the class path.
     */
    private static final List<String> JDK_MODULES = List.of("java.management", "java.instrument", "java.logging",
            "jdk.attach", "java.desktop", "java.rmi", "java.management.rmi", "java.naming", "jdk.management", "jdk.jfr");

    /**
     * Defines the module to {@code loader}: an open module holding every package of its jar, reading
     * only the JDK's modules. Not an automatic module, which would read every module of the boot
     * layer, and could not be defined beside an application that has JNA (or jpsutil) as a named
     * module of its own: a module may not read another that exports one of its packages.
     */
    static void define(ClassLoader loader) {
        NestedJarClassLoader jar = (NestedJarClassLoader) loader;
        ModuleDescriptor.Builder builder = ModuleDescriptor.newOpenModule(NAME).packages(jar.packages());
        for (String m : JDK_MODULES) builder.requires(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), m);
        ModuleDescriptor descriptor = builder.build();
        ModuleReference reference = new ModuleReference(descriptor, null) {
            @Override
            public ModuleReader open() {
                return new JarReader(jar);
            }
        };
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return NAME.equals(name) ? Optional.of(reference) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(reference);
            }
        };
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(NAME));
        ModuleLayer.defineModules(cf, List.of(boot), name -> loader);
    }

    /** The module's resources, read through its class loader. */
    private record JarReader(NestedJarClassLoader jar) implements ModuleReader {
        @Override
        public Optional<URI> find(String name) {
            URL u = jar.findResource(name);
            try {
                return u == null ? Optional.empty() : Optional.of(u.toURI());
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        @Override
        public Stream<String> list() {
            Stream.Builder<String> names = Stream.builder();
            for (String name : jar.entryNames()) names.add(name);
            return names.build();
        }

        @Override
        public void close() {
        }
    }
}
