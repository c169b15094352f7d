package io.dataraven.secrets.auth;

/** Turns a bearer token into a {@link Principal}, or throws {@link AuthenticationException} (401). */
public interface Authenticator {

    Principal authenticate(String bearerToken);
}
