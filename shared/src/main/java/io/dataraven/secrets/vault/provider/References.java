package io.dataraven.secrets.vault.provider;

import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/** The checks and bookkeeping every provider shares around its per-reference reads. */
final class References {

    private References() {
    }

    static void checkAccess(VaultType expected, VaultAccess access) {
        Objects.requireNonNull(access, "access");
        if (access.vaultType() != expected) {
            throw new IllegalArgumentException("a " + expected.wire() + " provider cannot use a "
                    + access.vaultType().wire() + " connection");
        }
    }

    /** Refuses, before any call, a map that is null, holds a blank field or a reference the vault cannot mean. */
    static void checkReferences(VaultType type, Map<String, String> referencesByField) {
        Objects.requireNonNull(referencesByField, "referencesByField");
        referencesByField.forEach((field, reference) -> {
            if (field == null || field.isBlank()) {
                throw new IllegalArgumentException("a field name is blank");
            }
            if (reference == null || !type.acceptsReference(reference)) {
                throw new IllegalArgumentException("field '" + field + "': " + reference + " is not "
                        + type.referenceDescription());
            }
        });
    }

    /**
     * Reads each distinct reference once, in field order, and maps the values back to their fields.
     * {@code read} gets (field, reference) so its failures can name the field.
     */
    static Credentials readEach(Map<String, String> referencesByField, BiFunction<String, String, String> read) {
        Map<String, String> byReference = new LinkedHashMap<>();
        Map<String, String> byField = new LinkedHashMap<>();
        referencesByField.forEach((field, reference) -> {
            String value = byReference.get(reference);
            if (value == null) {
                value = Objects.requireNonNull(read.apply(field, reference), "read value");
                byReference.put(reference, value);
            }
            byField.put(field, value);
        });
        return new Credentials(byField);
    }
}
