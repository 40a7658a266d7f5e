package io.github.jpsutil.agent.boot;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.HashSet;

/**
 * Loads classes and resources from a jar stored, uncompressed, in the agent jar: each entry is
 * read from the file and inflated only when it is asked for, and nothing is unpacked to disk.
 * The agent jar itself holds a handful of entries, so the JVM opens it quickly for premain.
 * Its parent is the platform class loader: the host's classes are never seen, and the host
 * never sees these.
 */
final class NestedJarClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final String PROTOCOL = "jpsutil-nested";

    private final StoredZip jar;
    private final Set<String> packages;
    private final ProtectionDomain domain;
    private final URLStreamHandler handler = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL u) {
            return new EntryConnection(u);
        }
    };

    /**
     * A loader of the jar {@code nestedJar} in the agent jar. Typed as ClassLoader so that verifying
     * a caller does not load this class: premain's thread never pays for it, only the agent's own.
     */
    static ClassLoader of(File agentJar, String nestedJar, ClassLoader parent) throws IOException {
        return new NestedJarClassLoader(agentJar, nestedJar, parent);
    }

    private NestedJarClassLoader(File agentJar, String nestedJar, ClassLoader parent) throws IOException {
        super(parent);
        // Open for the JVM's lifetime, as the class path's own jars are: classes load on demand.
        RandomAccessFile file = new RandomAccessFile(agentJar, "r");
        try {
            jar = StoredZip.open(file, agentJar.getPath()).nested(nestedJar);
        } catch (IOException e) {
            file.close();
            throw e;
        }
        packages = classPackages(jar);
        domain = new ProtectionDomain(new CodeSource(agentJar.toURI().toURL(), (CodeSigner[]) null), null, this, null);
    }

    /**
     * Its own packages first: the platform class loader, the parent, hands a class of a module on the
     * host's module path (JNA as com.sun.jna, say) to the host's loader, which would shadow the
     * agent's own copy. Every other class goes to the parent as usual.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !packages.contains(name.substring(0, dot))) return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) c = findClass(name);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b;
        try {
            b = jar.read(name.replace('.', '/') + ".class");
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        if (b == null) throw new ClassNotFoundException(name);
        // Java 9+ defines the package with the class, in this loader's named module when it has one.
        return defineClass(name, b, 0, b.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        if (!jar.contains(name)) return null;
        try {
            return new URL(PROTOCOL, "", -1, "/" + name, handler);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    /**
     * A resource of the agent's named module (see AgentModule): the module is this whole jar. Java 9's
     * method, compiled here without {@code @Override} for Java 8.
     */
    protected URL findResource(String moduleName, String name) {
        return findResource(name);
    }

    /** The names of the jar's entries. */
    Iterable<String> entryNames() {
        return jar.names();
    }

    /** The packages of the classes in this jar. */
    Set<String> packages() {
        return packages;
    }

    private static Set<String> classPackages(StoredZip jar) {
        Set<String> out = new HashSet<String>();
        for (String entry : jar.names()) {
            int slash = entry.lastIndexOf('/');
            if (entry.endsWith(".class") && slash > 0 && !entry.startsWith("META-INF/")) out.add(entry.substring(0, slash).replace('/', '.'));
        }
        return out;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL u = findResource(name);
        return u == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singletonList(u));
    }

    private final class EntryConnection extends URLConnection {
        private final String name;

        EntryConnection(URL u) {
            super(u);
            name = u.getPath().substring(1);
        }

        @Override
        public void connect() {
            connected = true;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            byte[] b = jar.read(name);
            if (b == null) throw new FileNotFoundException(name);
            return new ByteArrayInputStream(b);
        }
    }
}
