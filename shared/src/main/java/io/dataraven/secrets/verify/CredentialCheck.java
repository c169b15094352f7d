package io.dataraven.secrets.verify;

import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;

/**
 * Checks stored credentials against their provider with the cheapest call that proves them. Never throws for
 * what the provider or the network did: every such answer is a {@link CheckOutcome}.
 */
public interface CredentialCheck {

    /** {@code target} as {@link CheckTarget#parse} returned it for this method (never null). */
    CheckOutcome check(AuthMethod method, Credentials credentials, CheckTarget target);
}
