package io.dataraven.secrets.store.aws;

import io.dataraven.secrets.logging.Metrics;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the SDK's retries, the AWS throttling and faults it absorbed before an answer: {@code AwsRetries} by
 * {@code Service} on the invocation's metrics line. What it could not absorb reaches the caller as a 503 and is
 * counted there ({@code Errors} by code).
 */
public final class RetryMetrics implements ExecutionInterceptor {

    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("dataraven.attempts");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private static void record(ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null && attempts.get() > 1) {
            String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
            Metrics.add("AwsRetries", attempts.get() - 1, Map.of("Service", service));
        }
    }
}
