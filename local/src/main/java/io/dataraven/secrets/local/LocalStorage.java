package io.dataraven.secrets.local;

import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.Authenticator;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.store.dynamodb.TableSetup;
import io.dataraven.secrets.ratelimit.RateLimiter;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryRateWindows;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.store.aws.Pacer;
import io.dataraven.secrets.store.ssm.SsmCredentialStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Where the local server keeps data: in memory by default (nothing to install, gone when the process stops), or
 * the real DynamoDB and SSM adapters against the AWS-compatible endpoint in AWS_ENDPOINT_URL.
 *
 * @param label what the start line shows
 * @param audit  the audit trail: in memory, every event as its change commits (the in-memory store relays it, as
 *               the table's stream and relay function do in AWS); against an endpoint the events stay outbox items
 *               in the table, since no stream runs locally
 */
public record LocalStorage(Metadata metadata, CredentialStore credentials, CredentialPaths paths, Settings settings,
                           String label, InMemoryAuditLog audit) {

    /** The local server's default credential prefix, apart from any deployed stage's (CREDENTIALS_PATH_PREFIX wins). */
    static final String DEFAULT_PREFIX = "/dataraven/local";

    public static LocalStorage inMemory() {
        return inMemory(Settings.defaults(), new CredentialPaths(DEFAULT_PREFIX));
    }

    public static LocalStorage inMemory(Settings settings, CredentialPaths paths) {
        InMemoryAuditLog audit = new InMemoryAuditLog();
        return new LocalStorage(Metadata.of(new InMemoryStore(audit::publish)), new InMemoryCredentialStore(), paths,
                settings, "in-memory", audit);
    }

    /** DynamoDB and SSM at {@code settings.endpointUrl()}; the table is created there when missing. */
    public static LocalStorage endpoint(Settings settings) {
        AwsClients aws = new AwsClients(settings);
        DynamoDbClient dynamo = aws.dynamoDb();
        TableSetup.createIfMissing(dynamo, settings.tableName());
        return new LocalStorage(Metadata.dynamoDb(dynamo, settings.tableName()),
                SsmCredentialStore.create(aws::ssm, settings.kmsKeyId(),
                        settings.credentialsParameterTier(), settings.tableName(),
                        Pacer.perSecond(settings.ssmDeletesPerSecond())),
                new CredentialPaths(settings.credentialsPathPrefix()), settings, settings.endpointUrl(),
                new InMemoryAuditLog());
    }

    /** CREDENTIALS_PATH_PREFIX is honoured as everywhere; unset, the local server keeps to /dataraven/local. */
    public static LocalStorage fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static LocalStorage fromEnvironment(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("CREDENTIALS_PATH_PREFIX", DEFAULT_PREFIX);
        Settings settings = Settings.from(env);
        return settings.endpointUrl() == null
                ? inMemory(settings, new CredentialPaths(settings.credentialsPathPrefix())) : endpoint(settings);
    }

    App app(Authenticator authenticator) {
        // Every setting as in Lambda: the vault and verify endpoints, the sweeper's grace, the rate limit (RATE_LIMIT_PER_MINUTE,
        // counted in memory: one process serves every function, so its one store is shared as the table is).
        return new App(authenticator, metadata, credentials, paths, Clock.systemUTC(), UUID::randomUUID,
                () -> App.vaultClients(settings), audit, settings.sweeperGrace(), settings.apiKeyLimits(),
                RateLimiter.perMinute(settings.rateLimitPerMinute(), new InMemoryRateWindows(), Clock.systemUTC()))
                .withCredentialChecks(App.credentialChecks(settings));
    }
}
