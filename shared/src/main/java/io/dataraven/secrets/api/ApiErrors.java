package io.dataraven.secrets.api;

import io.dataraven.secrets.auth.AccessDeniedException;
import io.dataraven.secrets.auth.AuthenticationException;
import io.dataraven.secrets.auth.TokenKeysUnavailableException;
import io.dataraven.secrets.common.ConflictException;
import io.dataraven.secrets.common.DomainException;
import io.dataraven.secrets.common.IdempotencyKeyReusedException;
import io.dataraven.secrets.common.InvalidInputException;
import io.dataraven.secrets.common.LimitExceededException;
import io.dataraven.secrets.common.NotFoundException;
import io.dataraven.secrets.common.WriteNotCompletedException;
import io.dataraven.secrets.store.StoreUnavailableException;

import java.util.List;
import java.util.Map;

/** The one mapping from the core's exceptions to HTTP: what is not here is a 500. */
public final class ApiErrors {

    private ApiErrors() {
    }

    /** The HTTP meaning of a failure, or null when it has none (a bug: the frame answers 500). */
    public static ApiException map(RuntimeException e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof DomainException domain) {
            return domain(domain);
        }
        if (e instanceof AuthenticationException unauthenticated) {
            return new ApiException(401, "unauthorized", unauthenticated.getMessage(), List.of(),
                    Map.of("WWW-Authenticate", "Bearer realm=\"dataraven\""));
        }
        if (e instanceof AccessDeniedException denied) {
            return new ApiException(403, "forbidden", denied.getMessage());
        }
        if (e instanceof TokenKeysUnavailableException keys) {
            return new ApiException(503, "auth_unavailable", keys.getMessage(), List.of(), Map.of("Retry-After", "1"));
        }
        if (e instanceof StoreUnavailableException unavailable) {
            // A read (writes come as WriteNotCompletedException): nothing to apply, always retryable.
            return new ApiException(503, unavailable.code(), unavailable.summary() + "; nothing was changed. Retry "
                    + "shortly.", List.of(), retryAfter(unavailable.retryAfterSeconds()), "no");
        }
        return null;
    }

    private static ApiException domain(DomainException e) {
        if (e instanceof WriteNotCompletedException write) {
            return writeNotCompleted(write);
        }
        if (e instanceof ConflictException conflict) {
            return new ApiException(409, e.code(), e.getMessage(), e.detail(), conflict.retryAfterSeconds()
                    .isPresent() ? retryAfter(conflict.retryAfterSeconds().getAsLong()) : Map.of());
        }
        if (e instanceof IdempotencyKeyReusedException) {
            return new ApiException(422, e.code(), e.getMessage(), e.detail());
        }
        // The hierarchy is sealed: the last three kinds.
        int status = e instanceof InvalidInputException ? 400 : e instanceof NotFoundException ? 404 : 403;
        return new ApiException(status, e.code(), e.getMessage(), e.detail());
    }

    /**
     * 503 with Retry-After when storage was throttled or unavailable (repeating soon can help), 500 otherwise; both
     * say in {@code change_applied} whether the change may have been applied.
     */
    private static ApiException writeNotCompleted(WriteNotCompletedException e) {
        String applied = e.mayHaveApplied() ? "unknown" : "no";
        if (e.getCause() instanceof StoreUnavailableException unavailable) {
            return new ApiException(503, unavailable.code(), unavailable.summary() + ". " + e.getMessage(),
                    List.of(), retryAfter(unavailable.retryAfterSeconds()), applied);
        }
        return new ApiException(500, "internal_error", "Something went wrong on our side. " + e.getMessage(),
                List.of(), Map.of(), applied);
    }

    private static Map<String, String> retryAfter(long seconds) {
        return Map.of("Retry-After", Long.toString(seconds));
    }
}
