package io.github.jpsutil.agent.boot;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads classes and resources from one folder of the agent jar (the library, JNA and the agent's
 * own code), reading each entry only when it is asked for. Class files there end in
 * {@code .classdata}, so that the host's class loader and class-path scanners never take them for
 * classes of their own. Its parent is the platform class loader: the host's classes are never
 * seen, and the host never sees these.
 */
final class AgentJarClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final String PROTOCOL = "jpsutil-agent-jar";

    /** Open for the JVM's lifetime, as the class path's own jars are: classes load on demand. */
    private final JarFile jar;
    private final String folder;
    private final ProtectionDomain domain;
    private final URLStreamHandler handler = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL u) {
            return new EntryConnection(u);
        }
    };

    /**
     * A loader of the entries under {@code folder}. Typed as ClassLoader so that verifying a caller
     * does not load this class: premain's thread never pays for it, only the agent's own thread.
     */
    static ClassLoader of(File agentJar, String folder, ClassLoader parent) throws IOException {
        return new AgentJarClassLoader(agentJar, folder, parent);
    }

    private AgentJarClassLoader(File agentJar, String folder, ClassLoader parent) throws IOException {
        super(parent);
        this.folder = folder;
        jar = new JarFile(agentJar, false);
        if (jar.getEntry(folder) == null) {
            jar.close();
            throw new IOException("no " + folder + " in " + agentJar);
        }
        domain = new ProtectionDomain(new CodeSource(agentJar.toURI().toURL(), (CodeSigner[]) null), null, this, null);
    }

    /** The entry that holds a resource: class files are stored as {@code .classdata}. */
    private ZipEntry entry(String resource) {
        return jar.getEntry(folder + (resource.endsWith(".class") ? resource + "data" : resource));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        ZipEntry e = entry(name.replace('.', '/') + ".class");
        if (e == null) throw new ClassNotFoundException(name);
        byte[] b;
        try {
            b = readAll(jar.getInputStream(e));
        } catch (IOException failed) {
            throw new ClassNotFoundException(name, failed);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            if (getPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException definedMeanwhile) {
                    // another thread defined it
                }
            }
        }
        return defineClass(name, b, 0, b.length, domain);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) out.write(buf, 0, n);
            return out.toByteArray();
        } finally {
            in.close();
        }
    }

    @Override
    protected URL findResource(String name) {
        if (entry(name) == null) return null;
        try {
            return new URL(PROTOCOL, "", -1, "/" + name, handler);
        } catch (MalformedURLException e) {
            return null;
        }
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
            ZipEntry e = entry(name);
            if (e == null) throw new FileNotFoundException(name);
            return jar.getInputStream(e);
        }

        @Override
        public long getContentLengthLong() {
            ZipEntry e = entry(name);
            return e == null ? -1 : e.getSize();
        }
    }
}
