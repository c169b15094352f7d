package io.dataraven.secrets.apikey;

import io.dataraven.secrets.store.Refusal;

/** The key does not exist in the team (any more). */
public final class ApiKeyNotFoundException extends RuntimeException implements Refusal {
    public ApiKeyNotFoundException(String keyId) {
        super("api key " + keyId + " does not exist in this team", null, false, false);
    }

    @Override
    public boolean gone() {
        return true;
    }
}
