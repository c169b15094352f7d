package io.dataraven.secrets.auth;

import java.util.UUID;
import java.util.function.Supplier;

/** Turns a bearer token into a {@link Principal}, or throws {@link AuthenticationException} (401). */
public interface Authenticator {

    Principal authenticate(String bearerToken);

    /**
     * As above for a request to a team route, with the request's details: an authenticator whose tokens belong to
     * one team (API keys) reads {@code team} (the path's team id) to find the token, and may record the use.
     */
    default Principal authenticate(String bearerToken, Supplier<UUID> team, RequestInfo request) {
        return authenticate(bearerToken).from(request);
    }

    /**
     * SnapStart priming: run what a valid token goes through past its signature, where that can be done without
     * one (a real token cannot be made without the issuer's key). Nothing by default.
     */
    default void prime() {
    }
}
