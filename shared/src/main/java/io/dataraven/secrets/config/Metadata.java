package io.dataraven.secrets.config;

import io.dataraven.secrets.apikey.ApiKeyRepository;
import io.dataraven.secrets.store.dynamodb.DynamoDbApiKeyRepository;

import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.store.dynamodb.DynamoDbCredentialOwners;
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
                       CredentialOwners credentialOwners, ApiKeyRepository apiKeys) {

    public Metadata {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(teams, "teams");
        Objects.requireNonNull(vaultConnections, "vaultConnections");
        Objects.requireNonNull(credentialOwners, "credentialOwners");
        Objects.requireNonNull(apiKeys, "apiKeys");
    }

    /** An adapter that is one object serving every port (the in-memory store). */
    public static <S extends SecretRepository & TeamRepository & VaultConnectionRepository & CredentialOwners
            & ApiKeyRepository> Metadata of(S store) {
        return new Metadata(store, store, store, store, store);
    }

    /** The DynamoDB adapter: one repository per port over one table. */
    public static Metadata dynamoDb(DynamoDbClient dynamo, String tableName) {
        DynamoDbTable table = new DynamoDbTable(dynamo, tableName);
        return new Metadata(new DynamoDbSecretRepository(table), new DynamoDbTeamRepository(table),
                new DynamoDbVaultConnectionRepository(table), new DynamoDbCredentialOwners(table),
                new DynamoDbApiKeyRepository(table));
    }
}
