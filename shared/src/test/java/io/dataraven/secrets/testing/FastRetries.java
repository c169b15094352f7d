package io.dataraven.secrets.testing;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.internal.DefaultStandardRetryStrategy;

import java.time.Duration;

/**
 * Production's SDK retry shape (AwsClients: the standard strategy, circuit breaker off) with a chosen attempt count,
 * no backoff and a chosen attempt timeout, so protocol tests against WireMock stay fast. Only uses SDK methods that
 * survive the shrunk Lambda jar the suites also run against (the lambda below, not BackoffStrategy.retryImmediately).
 */
public final class FastRetries {

    private static final BackoffStrategy NONE = attempt -> Duration.ZERO;

    private FastRetries() {
    }

    public static ClientOverrideConfiguration overrides(int maxAttempts, Duration attemptTimeout) {
        StandardRetryStrategy.Builder retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts).circuitBreakerEnabled(false);
        retries.backoffStrategy(NONE);
        if (retries instanceof DefaultStandardRetryStrategy.Builder standard) {
            standard.throttlingBackoffStrategy(NONE); // else throttling waits about a second a retry
        }
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retries.build())
                .apiCallAttemptTimeout(attemptTimeout)
                .apiCallTimeout(Duration.ofSeconds(5))
                .build();
    }
}
