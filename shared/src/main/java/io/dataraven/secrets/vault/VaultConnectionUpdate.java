package io.dataraven.secrets.vault;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A PATCH body: only the non-sensitive fields can change (spec §4.2); null name keeps the name. */
public record VaultConnectionUpdate(
        @Size(min = 1, max = 255) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String name,
        boolean descriptionSent,
        @Size(max = 2000) String description) {
}
