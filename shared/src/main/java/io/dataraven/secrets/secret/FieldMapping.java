package io.dataraven.secrets.secret;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Points one credential field at a reference in the team's vault. References are not secret values. */
public record FieldMapping(
        @NotBlank @Size(max = 100) String fieldName,
        @NotBlank @Size(max = 1024) String reference) {
}
