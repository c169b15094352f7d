package io.dataraven.secrets.config;

import io.dataraven.secrets.apikey.ApiKeyRepository;
import io.dataraven.secrets.expiry.ExpiryNoticeRepository;
import io.dataraven.secrets.store.dynamodb.DynamoDbExpiryNotices;
import io.dataraven.secrets.idempotency.IdempotencyRecords;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.store.dynamodb.DynamoDbApiKeyRepository;
import io.dataraven.secrets.store.dynamodb.DynamoDbCredentialOwners;
import io.dataraven.secrets.store.dynamodb.DynamoDbIdempotencyRecords;
import io.dataraven.secrets.store.dynamodb.DynamoDbSecretRepository;
import io.dataraven.secrets.store.dynamodb.DynamoDbTable;
import io.dataraven.secrets.store.dynamodb.DynamoDbTeamRepository;
import io.dataraven.secrets.store.dynamodb.DynamoDbVaultConnectionRepository;
import io.dataraven.secrets.sweep.CredentialOwners;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Objects;

/**
 * The metadata ports, all from one adapter: they share its transactions (one DynamoDB table, or one lock in
 * memory), so they are wired together.
 */
public record Metadata(SecretRepository secrets, TeamRepository teams, VaultConnectionRepository vaultConnections,
                       CredentialOwners credentialOwners, ApiKeyRepository apiKeys, IdempotencyRecords idempotency,
                       ExpiryNoticeRepository expiryNotices) {

    public Metadata {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(teams, "teams");
        Objects.requireNonNull(vaultConnections, "vaultConnections");
        Objects.requireNonNull(credentialOwners, "credentialOwners");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(expiryNotices, "expiryNotices");
    }

    /** Without expiry notices (test wirings that never send them). */
    public Metadata(SecretRepository secrets, TeamRepository teams, VaultConnectionRepository vaultConnections,
                    CredentialOwners credentialOwners, ApiKeyRepository apiKeys, IdempotencyRecords idempotency) {
        this(secrets, teams, vaultConnections, credentialOwners, apiKeys, idempotency, ExpiryNoticeRepository.NONE);
    }

    /** Without idempotency records: a request with an {@code Idempotency-Key} then fails (test wirings only). */
    public Metadata(SecretRepository secrets, TeamRepository teams, VaultConnectionRepository vaultConnections,
                    CredentialOwners credentialOwners, ApiKeyRepository apiKeys) {
        this(secrets, teams, vaultConnections, credentialOwners, apiKeys, IdempotencyRecords.NONE);
    }

    /** An adapter that is one object serving every port (the in-memory store); its records too, if it keeps them. */
    public static <S extends SecretRepository & TeamRepository & VaultConnectionRepository & CredentialOwners
            & ApiKeyRepository> Metadata of(S store) {
        return new Metadata(store, store, store, store, store,
                store instanceof IdempotencyRecords records ? records : IdempotencyRecords.NONE,
                store instanceof ExpiryNoticeRepository notices ? notices : ExpiryNoticeRepository.NONE);
    }

    /** The DynamoDB adapter: one repository per port over one table. */
    public static Metadata dynamoDb(DynamoDbClient dynamo, String tableName) {
        DynamoDbTable table = new DynamoDbTable(dynamo, tableName);
        return new Metadata(new DynamoDbSecretRepository(table), new DynamoDbTeamRepository(table),
                new DynamoDbVaultConnectionRepository(table), new DynamoDbCredentialOwners(table),
                new DynamoDbApiKeyRepository(table), new DynamoDbIdempotencyRecords(table),
                new DynamoDbExpiryNotices(table));
    }
}
