package io.dataraven.secrets.config;

import io.dataraven.secrets.store.aws.RetryMetrics;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Builds the SDK clients once per container: the JDK's URLConnection HTTP client (small, quick to load) over a TLS
 * context of our own, the region set explicitly (no lookup chain), and a credentials provider chosen up front.
 */
public final class AwsClients {

    /** The name of the one thread that runs every client's call and attempt timeouts. */
    static final String TIMER_THREAD = "aws-sdk-timeouts";

    /**
     * One timer thread, started with the first clients, for the timeouts of every client in the process (two timer
     * tasks per call). Left alone, the SDK gives each client a pool of five and starts a thread at each of its
     * first five calls: with four clients, up to twenty threads, the first ones started inside a container's first
     * requests, on demand and after a SnapStart restore alike. A task only aborts a call, so one thread keeps up;
     * a cancelled task (the call ended in time: nearly all) leaves the queue at once instead of after its delay.
     * The SDK does not shut down an executor it was given, so closing one client leaves the others' timeouts.
     */
    private static final ScheduledExecutorService TIMEOUTS = timeoutScheduler();

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

    private final Settings settings;
    /** The JDK's default trust, as the url-connection client builds it, but ours: priming empties its sessions. */
    private final SSLContext tls;
    /** Every TLS connection the clients open (priming closes them before the snapshot). */
    private final TrackedSockets sockets;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;

    public AwsClients(Settings settings, List<ExecutionInterceptor> interceptors) {
        this.settings = settings;
        // Every client counts the retries its SDK absorbed (metrics), beside any interceptor the caller adds.
        List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
        all.add(new RetryMetrics());
        this.interceptors = List.copyOf(all);
        // No client certificate (the SDK's own factory would take one from javax.net.ssl.keyStore): AWS endpoints
        // ask for none.
        try {
            this.tls = TlsWarmup.defaultTrust();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context with the JDK's default trust", e);
        }
        // What the client's own connection factory does, with our context's sockets; proxies as the JDK selects them
        // (https.proxyHost and the like; the SDK's own factory also reads HTTP_PROXY): the template's functions run
        // outside any VPC, with none. One factory for all: the JDK keeps a connection under its URL and factory.
        this.sockets = new TrackedSockets(tls.getSocketFactory());
        this.http = UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                if (connection instanceof HttpsURLConnection https) {
                    https.setSSLSocketFactory(sockets);
                }
                connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
                connection.setReadTimeout((int) SOCKET_TIMEOUT.toMillis());
                return connection;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        this.credentials = credentialsProvider(settings);
    }

    public AwsClients(Settings settings) {
        this(settings, List.of());
    }

    /** The TLS context every client's connections use (priming's handshakes warm this one). */
    SSLContext tls() {
        return tls;
    }

    /**
     * Closes every TLS connection the clients opened, and invalidates every TLS session of their context and of the
     * JDK default context (the JWKS fetch's, whose connections nimbus closes after each fetch); returns what it did.
     * SnapStart priming calls it last, as nothing of a TLS connection may live on in the snapshot: a kept connection
     * would be reused by a copy restored within its 60 s, and every copy would encrypt under the same keys and
     * nonces ({@link TrackedSockets}); a kept session would be offered by every copy, all holding the same
     * resumption secret, on code the snapshot never ran (7 classes loaded after the restore), to an endpoint that
     * hours or days later does a full handshake anyway. The next call opens a new connection.
     */
    String forgetTls() {
        int closed = sockets.closeAll();
        int forgotten = forget(tls.getClientSessionContext());
        try {
            forgotten += forget(SSLContext.getDefault().getClientSessionContext());
        } catch (GeneralSecurityException e) {
            // No default context: nothing of it to forget.
        }
        return closed + " connections closed, " + forgotten + " sessions forgotten";
    }

    private static int forget(SSLSessionContext sessions) {
        int forgotten = 0;
        for (byte[] id : Collections.list(sessions.getIds())) {
            SSLSession session = sessions.getSession(id);
            if (session != null) {
                session.invalidate();
                forgotten++;
            }
        }
        return forgotten;
    }

    private static ScheduledExecutorService timeoutScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, TIMER_THREAD);
            // Never what keeps a JVM alive (the local server, tests): Lambda ends the process itself.
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartAllCoreThreads();
        return executor;
    }

    /**
     * In Lambda with SnapStart the runtime serves credentials through the container endpoint instead of
     * environment variables, so restored snapshots pick up fresh ones; otherwise plain environment variables
     * (set by Lambda, sam local and CI); the default chain only as a last resort, since it probes slowly.
     */
    private static AwsCredentialsProvider credentialsProvider(Settings settings) {
        if (settings.containerCredentials()) {
            return ContainerCredentialsProvider.builder().build();
        }
        if (settings.environmentCredentials()) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Three attempts with jittered exponential backoff, bounded per call and per attempt. The SDK's retry token
     * bucket is off: it holds 500 tokens per client, refills only on successes, and about 100 failed retries drain
     * it, after which a container stops retrying at all until enough calls succeed (a bad minute would cost every
     * later request its retries). Each call's own attempt limit and timeouts bound the load instead.
     */
    private ClientOverrideConfiguration overrides() {
        return overrides(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private ClientOverrideConfiguration overrides(StandardRetryStrategy.Builder retries, Duration perAttempt,
                                                  Duration perCall) {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder()
                .retryStrategy(retries.circuitBreakerEnabled(false).build())
                .apiCallAttemptTimeout(perAttempt)
                .apiCallTimeout(perCall)
                .scheduledExecutorService(TIMEOUTS);
        interceptors.forEach(builder::addExecutionInterceptor);
        return builder.build();
    }

    public DynamoDbClient dynamoDb() {
        return build(DynamoDbClient.builder());
    }

    /**
     * DynamoDB for the rate limiter, which runs before every request: two attempts and one second per call, so a
     * slow or throttled table delays no request by more than that (the limiter then fails open). A client of its
     * own rather than a per-request override: calling a request builder's overrideConfiguration keeps that bridge
     * in every request class of the SDK (see lambda-shrink.pro). It shares the HTTP client and credentials.
     * The SDK waits 0.5 to 1 s before retrying a throttled call (a 1 s throttling base, half jitter), which alone
     * can spend the whole budget and turn a throttled table into a timed-out one; its retry here waits at most
     * 200 ms, so a throttled table is told as throttled.
     */
    public DynamoDbClient rateLimitDynamoDb() {
        return build(DynamoDbClient.builder(), overrides(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(2)
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(50),
                                Duration.ofMillis(200))),
                Duration.ofMillis(500), Duration.ofSeconds(1)));
    }

    public EventBridgeClient eventBridge() {
        return build(EventBridgeClient.builder());
    }

    public SsmClient ssm() {
        return build(SsmClient.builder());
    }

    /** Every client the same way: our HTTP client, explicit region, chosen credentials, optional endpoint. */
    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(B builder) {
        return build(builder, overrides());
    }

    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(
            B builder, ClientOverrideConfiguration overrides) {
        builder.httpClient(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides);
        if (settings.endpointUrl() != null) {
            builder.endpointOverride(URI.create(settings.endpointUrl()));
        }
        return builder.build();
    }
}
