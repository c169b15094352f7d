package io.dataraven.secrets.config;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

/**
 * TLS handshakes with an AWS endpoint, and nothing else: no request is sent, so no API is called and nothing is
 * read or billed. SnapStart priming runs them so the JDK's handshake code (key exchange, the certificate chain's
 * checks, the record ciphers) is loaded and compiled in the snapshot: a restored function has no live connection,
 * and every host its first request calls needs a new handshake (what the warm-up saves: {@link #ROUNDS}). The
 * handshake code is the same for
 * every host, so one endpoint (DynamoDB's, which every function calls) warms it for SSM and the JWKS too.
 *
 * @param endpoint where the client connects: https only (an http emulator has no handshake to warm)
 * @param context  the trust the SDK's HTTP client uses: the JDK's default trust store, as in production
 */
record TlsWarmup(URI endpoint, SSLContext context, Duration timeout) {

    /**
     * The handshakes of SnapStart priming, within a bounded time. Measured after the snapshot point (benchmark,
     * connections dropped there, 5 rounds, first request in ms for 0 / 40 / 120 / 250 handshakes): create-secret
     * 58 / 44 / 33 / 31, get-secret 31 / 26 / 19 / 22, resolve-secret 49 / 30 / 25 / 31, orphan-sweeper
     * 39 / 33 / 25 / 24; about 8 ms a handshake here, so 120 add about 1 s to a version's init.
     */
    static final int ROUNDS = 120;
    static final Duration BUDGET = Duration.ofSeconds(2);

    /**
     * The endpoint a DynamoDB client in {@code region} calls: an override (AWS_ENDPOINT_URL or its per-service
     * form, as the client resolved it) or the regional one.
     */
    static URI dynamoDbEndpoint(URI override, String region) {
        if (override != null) {
            return override;
        }
        // The China regions' partition has its own suffix; every other one Lambda offers us uses amazonaws.com.
        String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://dynamodb." + region + "." + suffix);
    }

    /** The JDK's default trust, as the SDK's url-connection client builds it. */
    static SSLContext defaultTrust() throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init((KeyStore) null);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /**
     * Up to {@code rounds} full handshakes (each session dropped after it, so none is resumed) within
     * {@code budget}; stops at the first failure (an endpoint priming cannot reach is no reason to fail an init).
     *
     * @return how many handshakes completed
     */
    int handshakes(int rounds, Duration budget) {
        if (!"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
            return 0;
        }
        String host = endpoint.getHost();
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 443;
        long deadline = System.nanoTime() + budget.toNanos();
        int done = 0;
        while (done < rounds && System.nanoTime() < deadline) {
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                SSLParameters parameters = socket.getSSLParameters();
                // As HttpsURLConnection does: the host name is sent (SNI) and checked against the certificate.
                parameters.setServerNames(List.of(new SNIHostName(host)));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                socket.getSession().invalidate();
                done++;
            } catch (IOException | IllegalArgumentException e) {
                break;
            }
        }
        return done;
    }
}
