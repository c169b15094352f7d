package io.dataraven.secrets.store;

import java.util.Locale;

/**
 * A storage backend (DynamoDB, SSM, KMS behind SSM) did not answer with an outcome after the SDK's own retries:
 * throttled, unavailable, or timed out. The adapters translate every SDK failure into this, so the services never
 * see SDK types and can say truthfully whether a change may have been applied.
 */
public final class StoreUnavailableException extends RuntimeException {

    /** Why the call had no outcome; throttling gets a longer Retry-After than a transient failure. */
    public enum Reason { THROTTLED, UNAVAILABLE }

    private final Reason reason;
    private final boolean mayHaveApplied;

    /**
     * @param mayHaveApplied false only when every attempt was refused before applying (throttling, 4xx); true when
     *                       any attempt timed out, lost its connection or got a 5xx, after which the call may still
     *                       apply (late)
     */
    public StoreUnavailableException(String backend, Reason reason, boolean mayHaveApplied, String cause) {
        super(backend + " " + reason.name().toLowerCase(Locale.ROOT) + " (" + cause + ")", null, false,
                false);
        this.reason = reason;
        this.mayHaveApplied = mayHaveApplied;
    }

    public Reason reason() {
        return reason;
    }

    public boolean mayHaveApplied() {
        return mayHaveApplied;
    }

    /** The error code clients see: {@code service_throttled} or {@code service_unavailable}. */
    public String code() {
        return reason == Reason.THROTTLED ? "service_throttled" : "service_unavailable";
    }

    /** What happened, in words a client can be shown (no backend detail). */
    public String summary() {
        return reason == Reason.THROTTLED ? "Storage is busy" : "Storage did not answer in time";
    }

    /** Seconds a client should wait before retrying. */
    public int retryAfterSeconds() {
        return reason == Reason.THROTTLED ? 2 : 1;
    }
}
