package io.dataraven.secrets.benchmark;

import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.JwtAuthenticator;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.ratelimit.RateLimiter;
import io.dataraven.secrets.store.aws.Pacer;
import io.dataraven.secrets.store.dynamodb.DynamoDbRateWindows;
import io.dataraven.secrets.store.ssm.SsmCredentialStore;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** App wirings for the measurements that need something App.fromEnvironment() does not offer. */
final class Wiring {

    private Wiring() {
    }

    /** The production wiring (AwsClients), with SDK execution interceptors added (the call counter). */
    static App production(Settings settings, List<ExecutionInterceptor> interceptors) {
        AwsClients aws = new AwsClients(settings, interceptors);
        return app(settings, aws.dynamoDb(), aws.ssm(), aws.rateLimitDynamoDb());
    }

    /**
     * The production wiring with a chosen HTTP client: "url" (the JDK's URLConnection, as AwsClients uses) or "crt"
     * (the AWS CRT client), each built the same way, so that only the client differs between the two.
     */
    static App withHttpClient(Settings settings, String client) {
        SdkHttpClient http = switch (client) {
            case "url" -> UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(5))
                    .build();
            case "crt" -> CrtClient.build();
            default -> throw new IllegalArgumentException("unknown HTTP client " + client);
        };
        var credentials = EnvironmentVariableCredentialsProvider.create();
        var overrides = ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(10)).build();
        URI endpoint = settings.endpointUrl() == null ? null : URI.create(settings.endpointUrl());
        var dynamo = DynamoDbClient.builder().httpClient(http).region(Region.of(settings.region()))
                .credentialsProvider(credentials).overrideConfiguration(overrides);
        var ssm = SsmClient.builder().httpClient(http).region(Region.of(settings.region()))
                .credentialsProvider(credentials).overrideConfiguration(overrides);
        if (endpoint != null) {
            dynamo.endpointOverride(endpoint);
            ssm.endpointOverride(endpoint);
        }
        DynamoDbClient dynamoDb = dynamo.build();
        return app(settings, dynamoDb, ssm.build(), dynamoDb);
    }

    /** As App.fromSettings: the rate limit counted in the table (its own client), before every request. */
    private static App app(Settings settings, DynamoDbClient dynamo, SsmClient ssm, DynamoDbClient rateLimit) {
        return new App(JwtAuthenticator.fromJwksUrl(settings.jwksUrl(), settings.jwtIssuer(), settings.jwtAudience()),
                Metadata.dynamoDb(dynamo, settings.tableName()), SsmCredentialStore.create(() -> ssm, settings.kmsKeyId(),
                        settings.credentialsParameterTier(), settings.tableName(), Pacer.perSecond(settings.ssmDeletesPerSecond())),
                new CredentialPaths(settings.credentialsPathPrefix()), Clock.systemUTC(), UUID::randomUUID,
                () -> App.vaultClients(Settings.defaults()), new InMemoryAuditLog(), settings.sweeperGrace(),
                RateLimiter.perMinute(settings.rateLimitPerMinute(),
                        new DynamoDbRateWindows(rateLimit, settings.tableName()), Clock.systemUTC()));
    }

    /** In its own class so that only the CRT run loads (and needs) the CRT classes. */
    private static final class CrtClient {
        static SdkHttpClient build() {
            return software.amazon.awssdk.http.crt.AwsCrtHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .build();
        }
    }
}
