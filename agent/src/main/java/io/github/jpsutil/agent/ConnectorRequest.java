package io.github.jpsutil.agent;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code jpsutil-agent.jar jmx PID} asks the agent for: a JMX connector of its own, as the one
 * argument of an agent load ({@code jmx;key=value;...}). Passwords travel only as salted PBKDF2
 * hashes; paths and the keystore password in Base64, so that no character of theirs can end a
 * field. The text passes through the Attach API's socket, never through a command line.
 */
public record ConnectorRequest(String proof, int port, String bind, List<User> users, boolean platformWrite,
                               String keystore, char[] keystorePassword, boolean selfSigned, String clientCa) {
    /** The first field of the agent argument that asks for a connector. */
    public static final String COMMAND = "jmx";
    public static final String READONLY = "readonly", READWRITE = "readwrite";
    private static final int ITERATIONS = 20_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    /** One user: name, role ({@value #READONLY} or {@value #READWRITE}), PBKDF2 salt and hash. */
    public record User(String name, String role, byte[] salt, byte[] hash) {
        public static User of(String name, String role, char[] password) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            return new User(name, role, salt, ConnectorRequest.hash(password, salt));
        }

        boolean accepts(char[] password) {
            return MessageDigest.isEqual(hash, ConnectorRequest.hash(password, salt));
        }
    }

    static byte[] hash(char[] password, byte[] salt) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, ITERATIONS, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java", e);
        }
    }

    /** The agent argument. */
    public String encode() {
        StringBuilder sb = new StringBuilder(COMMAND);
        field(sb, "proof", proof);
        field(sb, "port", Integer.toString(port));
        field(sb, "bind", bind);
        for (User u : users)
            field(sb, "user", u.name + ":" + u.role + ":" + B64.encodeToString(u.salt) + ":" + B64.encodeToString(u.hash));
        if (platformWrite) field(sb, "platformWrite", "true");
        if (keystore != null) field(sb, "keystore", b64(keystore));
        if (keystorePassword != null) field(sb, "storepass", b64(new String(keystorePassword)));
        if (selfSigned) field(sb, "selfSigned", "true");
        if (clientCa != null) field(sb, "clientCa", b64(clientCa));
        return sb.toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        sb.append(';').append(key).append('=').append(value);
    }

    private static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return s == null ? null : new String(UNB64.decode(s), StandardCharsets.UTF_8);
    }

    static boolean isRequest(String arg) {
        return arg != null && (arg.equals(COMMAND) || arg.startsWith(COMMAND + ";"));
    }

    /** Parses what {@link #encode} wrote; an IllegalArgumentException says what is malformed. */
    static ConnectorRequest decode(String arg) {
        Map<String, String> f = new LinkedHashMap<>();
        List<User> users = new ArrayList<>();
        String[] parts = arg.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("malformed connector field '" + parts[i] + "'");
            String key = parts[i].substring(0, eq), value = parts[i].substring(eq + 1);
            if (key.equals("user")) {
                String[] u = value.split(":");
                if (u.length != 4 || !(u[1].equals(READONLY) || u[1].equals(READWRITE)))
                    throw new IllegalArgumentException("malformed connector user '" + u[0] + "'");
                users.add(new User(u[0], u[1], UNB64.decode(u[2]), UNB64.decode(u[3])));
            } else if (f.put(key, value) != null) {
                throw new IllegalArgumentException("connector field " + key + " given twice");
            }
        }
        String port = f.getOrDefault("port", ""), bind = f.get("bind");
        if (!port.matches("\\d{1,5}") || bind == null) throw new IllegalArgumentException("connector needs a port and a bind address");
        String storepass = unb64(f.get("storepass"));
        return new ConnectorRequest(f.get("proof"), Integer.parseInt(port), bind, List.copyOf(users),
                "true".equals(f.get("platformWrite")), unb64(f.get("keystore")),
                storepass == null ? null : storepass.toCharArray(), "true".equals(f.get("selfSigned")), unb64(f.get("clientCa")));
    }

    boolean tls() {
        return keystore != null || selfSigned;
    }
}
