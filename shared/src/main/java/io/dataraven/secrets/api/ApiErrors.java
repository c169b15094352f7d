package io.dataraven.secrets.api;

import io.dataraven.secrets.auth.AccessDeniedException;
import io.dataraven.secrets.auth.AuthenticationException;
import io.dataraven.secrets.auth.TokenKeysUnavailableException;
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
        if (e instanceof AuthenticationException unauthenticated) {
            return ApiException.unauthorized(unauthenticated.getMessage());
        }
        if (e instanceof AccessDeniedException denied) {
            return ApiException.forbidden(denied.getMessage());
        }
        if (e instanceof TokenKeysUnavailableException keys) {
            return new ApiException(503, "auth_unavailable", keys.getMessage(), List.of(), Map.of("Retry-After", "1"));
        }
        if (e instanceof StoreUnavailableException unavailable) {
            // Writes map these themselves (they know what may have been applied); what reaches here is a read.
            return ApiException.readFailed(unavailable);
        }
        return null;
    }
}
