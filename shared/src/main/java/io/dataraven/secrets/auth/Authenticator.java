package io.dataraven.secrets.auth;

/** Turns a bearer token into a {@link Principal}, or throws {@link AuthenticationException} (401). */
public interface Authenticator {

    Principal authenticate(String bearerToken);

    /**
     * SnapStart priming: run what a valid token goes through past its signature, where that can be done without
     * one (a real token cannot be made without the issuer's key). Nothing by default.
     */
    default void prime() {
    }
}
