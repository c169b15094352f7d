package io.dataraven.secrets.local;

import io.dataraven.secrets.auth.Authenticator;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.secret.SecretRepository;
import io.dataraven.secrets.store.dynamodb.DynamoDbStore;
import io.dataraven.secrets.store.dynamodb.TableSetup;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.store.ssm.SsmCredentialStore;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.vault.VaultConnectionRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the local server keeps data: in memory by default (nothing to install, gone when the process stops), or
 * the real DynamoDB and SSM adapters against the AWS-compatible endpoint in AWS_ENDPOINT_URL.
 *
 * @param label what the start line shows
 */
public record LocalStorage<S extends SecretRepository & TeamRepository & VaultConnectionRepository>(
        S store, CredentialStore credentials, String label) {

    /** Credential paths of the local server, apart from any deployed stage's. */
    static final CredentialPaths PATHS = new CredentialPaths("/dataraven/local");

    public static LocalStorage<InMemoryStore> inMemory() {
        return new LocalStorage<>(new InMemoryStore(), new InMemoryCredentialStore(), "in-memory");
    }

    /** DynamoDB and SSM at {@code settings.endpointUrl()}; the table is created there when missing. */
    public static LocalStorage<DynamoDbStore> endpoint(Settings settings) {
        AwsClients aws = new AwsClients(settings);
        DynamoDbClient dynamo = aws.dynamoDb();
        TableSetup.createIfMissing(dynamo, settings.tableName());
        return new LocalStorage<>(new DynamoDbStore(dynamo, settings.tableName()),
                new SsmCredentialStore(aws.ssm(), settings.kmsKeyId()), settings.endpointUrl());
    }

    public static LocalStorage<?> fromEnvironment() {
        Settings settings = Settings.fromEnvironment();
        return settings.endpointUrl() == null ? inMemory() : endpoint(settings);
    }

    App app(Authenticator authenticator) {
        return App.of(authenticator, store, credentials, PATHS);
    }
}
