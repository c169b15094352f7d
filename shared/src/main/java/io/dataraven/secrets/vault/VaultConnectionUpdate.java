package io.dataraven.secrets.vault;

import jakarta.validation.constraints.Size;

/** A PATCH body: only the non-sensitive fields can change (spec §4.2); null name keeps the name. */
public record VaultConnectionUpdate(
        // Checked by Names.check, as on create.
        String name,
        boolean descriptionSent,
        @Size(max = 2000) String description) {
}
