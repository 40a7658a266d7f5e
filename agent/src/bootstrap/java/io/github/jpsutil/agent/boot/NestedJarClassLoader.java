package io.github.jpsutil.agent.boot;

import java.io.ByteArrayInputStream;
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
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Loads classes and resources from the jars nested in the agent jar, read into memory once, so
 * that nothing is unpacked to disk. A class' bytes are dropped once it is defined; resources stay
 * (JNA reads its native library through {@link #findResource}). Its parent is the platform class
 * loader: the host's classes are never seen, and the host never sees these.
 */
final class NestedJarClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final String PROTOCOL = "jpsutil-nested";

    private final ConcurrentHashMap<String, byte[]> entries = new ConcurrentHashMap<String, byte[]>();
    private final ProtectionDomain domain;
    private final URLStreamHandler handler = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL u) {
            return new EntryConnection(u);
        }
    };

    /**
     * A loader of the jars under {@code libDir}. Typed as ClassLoader so that verifying a caller
     * does not load this class: premain's thread never pays for it, only the agent's own thread.
     */
    static ClassLoader of(File agentJar, String libDir, ClassLoader parent) throws IOException {
        return new NestedJarClassLoader(agentJar, libDir, parent);
    }

    private NestedJarClassLoader(File agentJar, String libDir, ClassLoader parent) throws IOException {
        super(parent);
        String jnaPlatform = jnaPlatformDir();
        JarFile outer = new JarFile(agentJar);
        try {
            for (Enumeration<JarEntry> e = outer.entries(); e.hasMoreElements(); ) {
                JarEntry nested = e.nextElement();
                String n = nested.getName();
                if (nested.isDirectory() || !n.startsWith(libDir) || !n.endsWith(".jar")) continue;
                JarInputStream in = new JarInputStream(outer.getInputStream(nested));
                try {
                    for (JarEntry c = in.getNextJarEntry(); c != null; c = in.getNextJarEntry()) {
                        if (!c.isDirectory() && wanted(c.getName(), jnaPlatform)) {
                            byte[] old = entries.putIfAbsent(c.getName(), readAll(in));
                            if (old != null && c.getName().endsWith(".class"))
                                throw new IOException("class " + c.getName() + " is in two nested jars");
                        }
                    }
                } finally {
                    in.close();
                }
            }
        } finally {
            outer.close();
        }
        if (entries.isEmpty()) throw new IOException("no nested jars under " + libDir + " in " + agentJar);
        domain = new ProtectionDomain(new CodeSource(agentJar.toURI().toURL(), (CodeSigner[]) null), null, this, null);
    }

    /**
     * Leaves out what no one here will read: signatures, module descriptors (everything runs in
     * this loader's unnamed module), and JNA's native libraries for other platforms.
     */
    static boolean wanted(String name, String jnaPlatform) {
        if (name.startsWith("META-INF/") && !name.startsWith("META-INF/services/")) return false;
        if (name.endsWith("module-info.class")) return false;
        if (jnaPlatform != null && name.startsWith("com/sun/jna/")) {
            int slash = name.indexOf('/', "com/sun/jna/".length());
            if (slash > 0) {
                String dir = name.substring("com/sun/jna/".length(), slash);
                if (dir.indexOf('-') > 0 && !dir.equals(jnaPlatform)) return false; // a platform directory
            }
        }
        return true;
    }

    /** JNA's resource directory for this JVM (as JNA's Platform names it), or null to keep them all. */
    static String jnaPlatformDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) return null;
        if (arch.equals("amd64") || arch.equals("x86_64")) return "linux-x86-64";
        if (arch.equals("aarch64")) return "linux-aarch64";
        if (arch.equals("ppc64le") || arch.equals("s390x") || arch.equals("riscv64") || arch.equals("loongarch64"))
            return "linux-" + arch;
        return null; // arm float ABIs and the rarer ones: let JNA choose among all
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) out.write(buf, 0, n);
        return out.toByteArray();
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        // loadClass holds a lock per class name, so no other thread defines this one meanwhile.
        byte[] b = entries.remove(name.replace('.', '/') + ".class");
        if (b == null) throw new ClassNotFoundException(name);
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

    @Override
    protected URL findResource(String name) {
        if (!entries.containsKey(name)) return null;
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
            byte[] b = entries.get(name);
            if (b == null) throw new FileNotFoundException(name);
            return new ByteArrayInputStream(b);
        }

        @Override
        public long getContentLengthLong() {
            byte[] b = entries.get(name);
            return b == null ? -1 : b.length;
        }
    }
}
