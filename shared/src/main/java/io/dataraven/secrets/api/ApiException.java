package io.dataraven.secrets.api;

import io.dataraven.secrets.store.StoreUnavailableException;

import java.util.List;
import java.util.Map;

/**
 * A failure with a known HTTP meaning. Its message is shown to the caller, so it must never contain a
 * credential value; stack traces are never rendered.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Violation> detail;
    private final Map<String, String> headers;
    /** For a failed write: "no" or "unknown" (whether the change may have been applied); null otherwise. */
    private final String changeApplied;

    public ApiException(int status, String code, String message, List<Violation> detail, Map<String, String> headers) {
        this(status, code, message, detail, headers, null);
    }

    private ApiException(int status, String code, String message, List<Violation> detail, Map<String, String> headers,
                         String changeApplied) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = List.copyOf(detail);
        this.headers = Map.copyOf(headers);
        this.changeApplied = changeApplied;
    }

    /**
     * A write that got no outcome from storage: 503 with Retry-After when storage was throttled or unavailable
     * (retryable), 500 otherwise. The message and {@code change_applied} say truthfully whether the change may have
     * been applied; the services decide that from which step failed, never from the exception alone.
     *
     * @param what the change, as the message's subject ("The secret", "The rotation")
     */
    public static ApiException writeFailed(RuntimeException cause, boolean mayHaveApplied, String what) {
        String outcome = mayHaveApplied
                ? what + " may or may not have been applied; read it to see, or repeat the same request (safe to "
                        + "repeat; a repeated create may answer 409 if the first one was applied)."
                : what + " was not applied; repeat the same request.";
        if (cause instanceof StoreUnavailableException unavailable) {
            return new ApiException(503, unavailable.code(), unavailable.summary() + ". " + outcome, List.of(),
                    Map.of("Retry-After", Integer.toString(unavailable.retryAfterSeconds())),
                    mayHaveApplied ? "unknown" : "no");
        }
        return new ApiException(500, "internal_error", "Something went wrong on our side. " + outcome, List.of(),
                Map.of(), mayHaveApplied ? "unknown" : "no");
    }

    /** A read that storage could not serve: nothing to apply, always retryable. */
    public static ApiException readFailed(StoreUnavailableException cause) {
        return new ApiException(503, cause.code(), cause.summary() + "; nothing was changed. Retry shortly.",
                List.of(), Map.of("Retry-After", Integer.toString(cause.retryAfterSeconds())), "no");
    }

    public ApiException(int status, String code, String message, List<Violation> detail) {
        this(status, code, message, detail, Map.of());
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    public static ApiException validation(List<Violation> detail) {
        String message = detail.size() == 1
                ? "The request is invalid: " + detail.get(0).msg()
                : "The request is invalid: " + detail.size() + " problems, listed in detail.";
        return new ApiException(400, "validation_error", message, detail);
    }

    public static ApiException badRequest(String code, String message, Violation violation) {
        return new ApiException(400, code, message, List.of(violation));
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"dataraven\""));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException notFound(String code, String message, Violation violation) {
        return new ApiException(404, code, message, violation == null ? List.of() : List.of(violation));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** "no" or "unknown" for a failed write, else null. */
    public String changeApplied() {
        return changeApplied;
    }

    /** Whether the client may repeat the request as it is (5xx of ours, 429). */
    public boolean retryable() {
        return status == 503 || status == 429 || changeApplied != null;
    }
}
