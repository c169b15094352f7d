package io.dataraven.secrets.vault;

import java.time.Instant;
import java.util.UUID;

/** Metadata of a team's connection to an external vault. Its token lives in the credential store, never here. */
public record VaultConnection(UUID id, UUID teamId, String name, String description, VaultType vaultType,
                              Instant createdAt, String createdBy) {
}
