package io.github.jpsutil.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A key pair (EC P-256) and an X.509 v1 certificate for it, signed by itself, made in memory with
 * java.security alone: the connector's TLS identity when {@code jmx --tls-self-signed} asks for one.
 * The JDK has no public API that writes a certificate, so its few DER fields are written here.
 */
record SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
    static final Duration VALIDITY = Duration.ofDays(365);
    private static final byte[] ECDSA_WITH_SHA256 = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    static SelfSignedCertificate create(String commonName) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        byte[] algorithm = der(0x30, ECDSA_WITH_SHA256);
        byte[] name = der(0x30, der(0x31, der(0x30, COMMON_NAME, der(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = der(0x30, time(now.minusDays(1)), time(now.plus(VALIDITY)));
        byte[] tbs = der(0x30, der(0x02, new BigInteger(1, serial).toByteArray()), algorithm, name, validity, name,
                keys.getPublic().getEncoded());
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(tbs);
        byte[] signature = s.sign();
        byte[] bits = new byte[signature.length + 1]; // a BIT STRING starts with its count of unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] cert = der(0x30, tbs, algorithm, der(0x03, bits));
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert));
        x509.verify(keys.getPublic());
        return new SelfSignedCertificate(keys, x509);
    }

    private static byte[] time(ZonedDateTime t) {
        return der(0x17, t.format(UTC_TIME).getBytes(StandardCharsets.US_ASCII));
    }

    /** One DER element: tag, definite length, the concatenated contents. */
    private static byte[] der(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) body.writeBytes(c);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.size();
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static String pem(X509Certificate c) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    static String sha256(X509Certificate c) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }
}
