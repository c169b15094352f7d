package io.dataraven.secrets.api;

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

    public ApiException(int status, String code, String message, List<Violation> detail, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = List.copyOf(detail);
        this.headers = Map.copyOf(headers);
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
}
