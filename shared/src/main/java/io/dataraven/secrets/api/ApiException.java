package io.dataraven.secrets.api;

import io.dataraven.secrets.common.Violation;

import java.util.List;
import java.util.Map;

/**
 * An HTTP error answer: status, code, message, detail and headers. The domain never throws it (its exceptions are
 * mapped by {@link ApiErrors}); the HTTP edge does, for what only HTTP knows (a body too large, a route missing).
 * Its message is shown to the caller, so it must never contain a credential value.
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

    /** @param changeApplied for a failed write, "no" or "unknown"; null otherwise */
    public ApiException(int status, String code, String message, List<Violation> detail, Map<String, String> headers,
                        String changeApplied) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = List.copyOf(detail);
        this.headers = Map.copyOf(headers);
        this.changeApplied = changeApplied;
    }

    public ApiException(int status, String code, String message, List<Violation> detail) {
        this(status, code, message, detail, Map.of());
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
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
