package io.dataraven.secrets.secret;

import io.dataraven.secrets.store.Refusal;
import java.util.UUID;

/** The secret changed between our read and our write (a concurrent update or rename). */
public final class SecretModifiedException extends RuntimeException implements Refusal {
    public SecretModifiedException(UUID secretId) {
        super("secret " + secretId + " was changed concurrently", null, false, false);
    }
}
