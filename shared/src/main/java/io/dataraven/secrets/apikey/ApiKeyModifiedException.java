package io.dataraven.secrets.apikey;

import io.dataraven.secrets.store.Refusal;

/** The key changed between our read and our write (a concurrent rotation or revocation). */
public final class ApiKeyModifiedException extends RuntimeException implements Refusal {
    public ApiKeyModifiedException(String keyId) {
        super("api key " + keyId + " was changed concurrently", null, false, false);
    }
}
