package io.dataraven.secrets.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the stub, as AWS and the identity provider speak it: every endpoint a function reaches in Lambda is https,
 * and a cold JVM's first handshake (JSSE's handshake, key exchange and certificate path code) is part of its first
 * request. A CA and a {@code localhost} certificate it signs (RSA 2048, as AWS's) are made per run with the JDK's
 * keytool; the functions trust the CA through a copy of the JDK's own {@code cacerts} with it added, so they parse
 * the same trust store Lambda's JVM parses, plus one certificate.
 */
final class StubTls {

    private static final String PASSWORD = "benchmark";
    /** The JDK's default cacerts password: the copy keeps it, as the original needs none to read. */
    private static final String TRUST_PASSWORD = "changeit";

    private final Path trustStore;
    private final javax.net.ssl.KeyManager[] serverKeys;

    StubTls(Path work) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve("tls"));
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path caPem = dir.resolve("ca.pem");
        Path request = dir.resolve("server.csr");
        Path signed = dir.resolve("server.pem");
        for (Path p : List.of(ca, server, caPem, request, signed)) {
            Files.deleteIfExists(p);
        }
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=DataRaven benchmark CA", "-ext", "bc:c", "-storetype", "PKCS12",
                "-keystore", ca.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", server.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", PASSWORD,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "2",
                "-ext", "SAN=dns:localhost", "-ext", "EKU=serverAuth", "-ext", "KU=digitalSignature,keyEncipherment");
        // The chain the server sends: its certificate, then the CA's (keytool finds the CA in the store first).
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                server.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", signed.toString(), "-keystore", server.toString(),
                "-storepass", PASSWORD);

        trustStore = dir.resolve("cacerts-with-benchmark-ca");
        Files.deleteIfExists(trustStore);
        Files.copy(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"), trustStore);
        keytool("-importcert", "-noprompt", "-alias", "dataraven-benchmark-ca", "-file", caPem.toString(),
                "-keystore", trustStore.toString(), "-storepass", TRUST_PASSWORD);

        try (InputStream in = Files.newInputStream(server)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, PASSWORD.toCharArray());
            serverKeys = factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("the stub's TLS keys: " + e, e);
        }
    }

    /** For the benchmark's own requests to the fronts: trusts what the functions trust. */
    SSLContext clientContext() throws IOException {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(in, TRUST_PASSWORD.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("the benchmark's trust store: " + e, e);
        }
    }

    /**
     * A new server context each time: its own session cache and ticket keys, so a client's session from before
     * (the one priming's read left) is not resumed. A restored snapshot may run days after it was taken, long
     * after AWS stopped accepting that session: the conservative case is a full handshake.
     */
    SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(serverKeys, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stub's TLS context: " + e, e);
        }
    }

    /** What a function's JVM gets on its command line to trust the stub (and every CA the JDK trusts). */
    List<String> clientFlags() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath(),
                "-Djavax.net.ssl.trustStorePassword=" + TRUST_PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output.strip());
        }
    }
}
