package io.dataraven.secrets.auth;

/** Where a request came from, for the audit trail: API Gateway's request id, the caller's IP and user agent. */
public record RequestInfo(String requestId, String sourceIp, String userAgent) {

    public static final RequestInfo NONE = new RequestInfo(null, null, null);
}
