package io.dataraven.secrets.auth;

/** Turns a bearer token into a {@link Principal}, or throws a 401 {@link io.dataraven.secrets.api.ApiException}. */
public interface Authenticator {

    Principal authenticate(String bearerToken);
}
