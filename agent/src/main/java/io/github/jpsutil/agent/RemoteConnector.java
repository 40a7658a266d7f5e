package io.github.jpsutil.agent;

import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.security.auth.Subject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.LocalTime;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The agent's own JMX connector ({@code jmx PID}): RMI with a registry that holds one read-only
 * entry (the JDK's own SingleEntryRegistry, so no local user can rebind the name and catch the
 * passwords of remote clients), password authentication against hashes, {@link RoleGuard} on every
 * call, and TLS with an optional client certificate. Every RMI object is exported as a daemon, so
 * the host still exits when its main thread ends. One per JVM; it closes with detach.
 */
final class RemoteConnector {
    private static JMXConnectorServer server;
    private static Remote registry;
    private static volatile String status = "";
    private static volatile String certificatePem = "";

    private RemoteConnector() {
    }

    /** The address and TLS fingerprint of the open connector, why it failed, or empty. */
    static String status() {
        return status;
    }

    /** The connector's certificate (PEM) when it speaks TLS, else empty. */
    static String certificate() {
        return certificatePem;
    }

    static synchronized void open(ConnectorRequest r, Instrumentation inst) {
        try {
            if (server != null) throw new IllegalStateException("jpsutil's connector is open already: " + status);
            InetAddress bind = InetAddress.getByName(r.bind());
            SSLContext tls = null;
            X509Certificate cert = null;
            if (r.tls()) {
                KeyStore keys;
                char[] pass;
                if (r.selfSigned()) {
                    SelfSignedCertificate s = SelfSignedCertificate.create("jpsutil JMX of pid " + ProcessHandle.current().pid());
                    pass = new char[0];
                    keys = KeyStore.getInstance("PKCS12");
                    keys.load(null, null);
                    keys.setKeyEntry("jmx", s.keys().getPrivate(), pass, new Certificate[]{s.certificate()});
                } else {
                    pass = r.keystorePassword() == null ? new char[0] : r.keystorePassword();
                    keys = KeyStore.getInstance("PKCS12");
                    try (InputStream in = Files.newInputStream(Path.of(r.keystore()))) {
                        keys.load(in, pass);
                    }
                }
                cert = firstCertificate(keys);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, pass);
                TrustManagerFactory tmf = null;
                if (r.clientCa() != null) {
                    KeyStore trusted = KeyStore.getInstance("PKCS12");
                    trusted.load(null, null);
                    int i = 0;
                    try (InputStream in = Files.newInputStream(Path.of(r.clientCa()))) {
                        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                            trusted.setCertificateEntry("client-" + i++, c);
                    }
                    if (i == 0) throw new IllegalArgumentException("no certificate in " + r.clientCa());
                    tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(trusted);
                }
                tls = SSLContext.getInstance("TLS");
                tls.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            }
            Map<String, String> roles = new HashMap<>();
            r.users().forEach(u -> roles.put(u.name(), u.role()));
            RMIServerSocketFactory ssf = new BoundSocketFactory(bind, tls, r.clientCa() != null);
            RMIClientSocketFactory csf = tls == null ? null : new SslRMIClientSocketFactory();
            Map<String, Object> env = new HashMap<>();
            env.put("jmx.remote.x.daemon", "true"); // exported permanently: no non-daemon RMI thread keeps the host alive
            env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, ssf);
            if (csf != null) env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, csf);
            env.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, "java.lang.String;!*");
            env.put(RMIConnectorServer.SERIAL_FILTER_PATTERN, JmxSerialFilter.PATTERN); // what users send: --no-auth has anyone
            if (!r.users().isEmpty()) env.put(JMXConnectorServer.AUTHENTICATOR, authenticator(r));
            String host = bind.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : bind.getHostAddress();
            RMIConnectorServer cs;
            String previousHostname = System.getProperty("java.rmi.server.hostname");
            // the stubs carry the address clients call back; the host's own setting wins
            if (previousHostname == null) System.setProperty("java.rmi.server.hostname", host);
            try {
                cs = new RMIConnectorServer(new JMXServiceURL("rmi", null, r.port()), env, ManagementFactory.getPlatformMBeanServer());
                cs.setMBeanServerForwarder(RoleGuard.create(roles, r.platformWrite()));
                cs.start();
                try {
                    registry = registry(inst, r.port(), csf, ssf, stub(cs.getAddress()));
                } catch (Exception e) {
                    cs.stop();
                    throw e;
                }
            } finally {
                if (previousHostname == null) System.clearProperty("java.rmi.server.hostname");
            }
            server = cs;
            String h = host.contains(":") ? "[" + host + "]" : host;
            String address = "service:jmx:rmi:///jndi/rmi://" + h + ":" + r.port() + "/jmxrmi";
            certificatePem = cert == null ? "" : SelfSignedCertificate.pem(cert);
            status = address + (cert == null ? " (plain)" : " (TLS" + (r.clientCa() != null ? ", client certificate" : "")
                    + ", certificate SHA-256 " + SelfSignedCertificate.sha256(cert) + ")");
            Log.line("JMX connector open at " + status);
        } catch (Exception e) {
            status = "failed at " + LocalTime.now() + ": " + Errors.message(e);
            Log.line("cannot open the JMX connector: " + Errors.message(e));
        }
    }

    static synchronized void close() {
        if (server == null) return;
        try {
            server.stop();
            java.rmi.server.UnicastRemoteObject.unexportObject(registry, true);
        } catch (IOException e) {
            Log.line("closing the JMX connector: " + e);
        }
        server = null;
        registry = null;
        status = "";
        certificatePem = "";
    }

    /** Marks a request that was refused, so that the command line that sent it can tell. */
    static void refused(String why) {
        status = "refused at " + LocalTime.now() + ": " + why;
        Log.line(why);
    }

    private static JMXAuthenticator authenticator(ConnectorRequest r) {
        return credentials -> {
            if (credentials instanceof String[] pair && pair.length == 2 && pair[0] != null && pair[1] != null) {
                for (ConnectorRequest.User u : r.users())
                    if (u.name().equals(pair[0]) && u.accepts(pair[1].toCharArray()))
                        return new Subject(true, Set.of(new JMXPrincipal(u.name())), Collections.emptySet(), Collections.emptySet());
            }
            throw new SecurityException("Authentication failed: unknown user or wrong password");
        };
    }

    private static X509Certificate firstCertificate(KeyStore keys) throws GeneralSecurityException {
        for (String alias : Collections.list(keys.aliases()))
            if (keys.isKeyEntry(alias) && keys.getCertificate(alias) instanceof X509Certificate c) return c;
        throw new IllegalArgumentException("the keystore holds no private key with a certificate");
    }

    /** The connector's RMI stub, which the address of a connector started without a registry encodes. */
    private static Remote stub(JMXServiceURL address) throws IOException, ClassNotFoundException {
        String path = address.getURLPath();
        byte[] bytes = Base64.getDecoder().decode(path.substring(path.indexOf("/stub/") + "/stub/".length()));
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Remote) in.readObject(); // our own stub, serialized a moment ago by this JVM
        }
    }

    /** The JDK's read-only registry of one entry, reached through the module system by the agent's Instrumentation. */
    private static Remote registry(Instrumentation inst, int port, RMIClientSocketFactory csf, RMIServerSocketFactory ssf,
                                   Remote stub) throws Exception {
        if (inst == null) throw new IllegalStateException("the agent was started without Instrumentation");
        Class<?> c = Class.forName("sun.management.jmxremote.SingleEntryRegistry", false, ClassLoader.getPlatformClassLoader());
        inst.redefineModule(c.getModule(), Set.of(), Map.of(), Map.of(c.getPackageName(), Set.of(RemoteConnector.class.getModule())),
                Set.of(), Map.of());
        Constructor<?> k = c.getDeclaredConstructor(int.class, RMIClientSocketFactory.class, RMIServerSocketFactory.class,
                String.class, Remote.class);
        k.setAccessible(true);
        return (Remote) k.newInstance(port, csf, ssf, "jmxrmi", stub);
    }

    /** Server sockets on one address, plain or TLS; one instance, so that registry and connector share the port. */
    private record BoundSocketFactory(InetAddress bind, SSLContext tls, boolean needClientAuth) implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            if (tls == null) return new ServerSocket(port, 50, bind);
            SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(port, 50, bind);
            s.setNeedClientAuth(needClientAuth);
            return s;
        }
    }
}
