package io.dataraven.secrets.store.aws;

import io.dataraven.secrets.store.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Set;

/**
 * Reads an SDK failure the way the storage protocol needs it: was it throttling, and could any attempt (the last
 * one or an earlier one the SDK retried) have applied on the server? Only the adapters use this.
 */
public final class SdkFailures {

    /**
     * Error codes that mean "refused before applying, slow down": the SDK's throttling set plus the service-specific
     * ones we meet (SSM's TooManyUpdates for concurrent writes to one parameter, KMS's throttling behind SSM).
     */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
            "PriorRequestNotComplete", "TooManyUpdates", "KMSThrottlingException");

    private SdkFailures() {
    }

    /** Throttling that survived the SDK's retries, or a failure after which the call may still apply. */
    public static boolean unavailable(SdkException e) {
        return throttled(e) || ambiguous(e);
    }

    /**
     * The call may have applied: the last attempt or any earlier one ended without an answer (I/O, timeout) or with
     * a 5xx. The SDK keeps earlier attempts only as suppressed messages ("Request attempt N failure: ..."), so an
     * earlier attempt counts as answered only when its message shows a 4xx status; anything else is assumed unknown.
     */
    public static boolean ambiguous(SdkException e) {
        if (noAnswer(e)) {
            return true;
        }
        int earlier = 0;
        for (Throwable attempt : e.getSuppressed()) {
            earlier++;
            String message = attempt.getMessage();
            if (message == null || !message.matches("(?s).*Status Code: 4\\d\\d.*")) {
                return true;
            }
        }
        Integer attempts = e.numAttempts();
        return attempts != null && attempts - 1 > earlier;
    }

    public static boolean throttled(SdkException e) {
        if (e instanceof AwsServiceException service) {
            if (service.isThrottlingException()) {
                return true;
            }
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return code != null && THROTTLING.contains(code);
        }
        return false;
    }

    private static boolean noAnswer(SdkException e) {
        if (e instanceof SdkClientException) {
            return true; // timeouts, lost connections: the request may have reached the server
        }
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            // TransactionInProgress: an earlier attempt with our token is still running and may commit.
            return service.statusCode() >= 500 || "TransactionInProgressException".equals(code);
        }
        return false;
    }

    /** The exception the services see. */
    public static StoreUnavailableException translate(String backend, SdkException e) {
        return translate(backend, e, false);
    }

    /** As above, for a caller that knows an earlier call of the same write may have applied ({@code uncertain}). */
    public static StoreUnavailableException translate(String backend, SdkException e, boolean uncertain) {
        return new StoreUnavailableException(backend, throttled(e) && !noAnswer(e)
                ? StoreUnavailableException.Reason.THROTTLED : StoreUnavailableException.Reason.UNAVAILABLE,
                uncertain || ambiguous(e), e.getClass().getSimpleName());
    }
}
