package io.dataraven.secrets.secret;

import io.dataraven.secrets.store.Refusal;
import java.util.UUID;

/** The secret does not exist in the team (any more). */
public final class SecretNotFoundException extends RuntimeException implements Refusal {
    public SecretNotFoundException(UUID secretId) {
        super("secret " + secretId + " does not exist in this team", null, false, false);
    }

    @Override
    public boolean gone() {
        return true;
    }
}
