package io.dataraven.secrets.secret;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port to secret metadata. {@link #createSecret} is atomic: the secret, its name lock, the team counter (and
 * for an external secret the vault connection's reference count) change together or not at all.
 */
public interface SecretRepository {

    /**
     * @throws SecretNameConflictException another secret of the team has the same normalized name
     * @throws io.dataraven.secrets.team.TierLimitExceededException the team is at its plan's cap
     * @throws io.dataraven.secrets.vault.VaultConnectionNotFoundException the referenced connection is gone
     */
    void createSecret(Secret secret);

    Optional<Secret> findSecret(UUID teamId, UUID secretId);

    List<Secret> listSecrets(UUID teamId);
}
