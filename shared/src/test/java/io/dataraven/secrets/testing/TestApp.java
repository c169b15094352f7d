package io.dataraven.secrets.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultType;

import java.time.Instant;
import java.util.UUID;

/** The whole core over the in-memory adapters, with a token minter its authenticator trusts. */
public final class TestApp {

    public static final String PATH_PREFIX = "/dataraven/test";

    public final TestTokens tokens = new TestTokens();
    public final InMemoryStore store = new InMemoryStore();
    public final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
    public final App app;

    public TestApp() {
        this(null);
    }

    /** @param credentialStore a replacement credential store (e.g. one that fails), or null for the in-memory one */
    public TestApp(CredentialStore credentialStore) {
        this(credentialStore, () -> new io.dataraven.secrets.vault.VaultProviders(java.util.List.of(), java.util.Map.of()));
    }

    /** With chosen vault provider clients (fakes, or real ones pointed at WireMock). */
    public TestApp(CredentialStore credentialStore,
                   java.util.function.Supplier<io.dataraven.secrets.vault.VaultProviders> providers) {
        this.app = App.of(tokens.authenticator(), Metadata.of(store),
                credentialStore == null ? credentials : credentialStore,
                new CredentialPaths(PATH_PREFIX), providers);
    }

    public VaultConnection seedVaultConnection(UUID team, VaultType type) {
        VaultConnection connection = new VaultConnection(UUID.randomUUID(), team, type.wire() + " prod", null, type,
                Instant.parse("2026-01-01T00:00:00Z"), "seed");
        store.createVaultConnection(connection);
        return connection;
    }

    /** A direct S3 secret stored as Create would store it, with a chosen id (to match a sample event). */
    public io.dataraven.secrets.secret.Secret seedDirectSecret(UUID team, UUID id, String name) {
        var method = io.dataraven.secrets.credential.AuthMethod.S3_ACCESS_KEY;
        String path = new CredentialPaths(PATH_PREFIX).secret(team, id);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        var secret = new io.dataraven.secrets.secret.Secret(id, team, name, null, method.secretType(), method, at,
                "seed", at, "seed", path, null, null, null);
        credentials.create(path, new io.dataraven.secrets.credential.Credentials(SampleCredentials.valid(method)));
        store.createSecret(secret);
        return secret;
    }

    /** A Doppler connection stored as Create would store it, with a chosen id and its token in the credential store. */
    public VaultConnection seedDopplerConnection(UUID team, UUID id, String token) {
        String path = new CredentialPaths(PATH_PREFIX).vaultConnection(team, id);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        VaultConnection connection = new VaultConnection(id, team, "Doppler Production", null, VaultType.DOPPLER,
                Vaults.dopplerSettings("backend", "prd"), at, "seed", at, "seed", null, path);
        credentials.create(path, new io.dataraven.secrets.credential.Credentials(java.util.Map.of("access_token", token)));
        store.createVaultConnection(connection);
        return connection;
    }

    /** Puts a fresh token for {@code role} in the event's team into its Authorization header. */
    public com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent authorize(
            com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event, String role) {
        UUID team = UUID.fromString(event.getPathParameters().get("team_id"));
        java.util.Map<String, String> headers = new java.util.HashMap<>(event.getHeaders());
        headers.put("authorization", "Bearer " + tokens.token("user-42", team, role));
        event.setHeaders(headers);
        return event;
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) Databind.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ObjectNode directS3(String name) {
        ObjectNode body = Databind.MAPPER.createObjectNode();
        body.put("name", name);
        body.put("secret_type", "s3");
        body.put("auth_method", "s3_access_key");
        ObjectNode creds = body.putObject("credentials");
        creds.put("access_key_id", "AKIAIOSFODNN7EXAMPLE");
        creds.put("secret_access_key", SampleCredentials.SECRET_MARKER);
        return body;
    }
}
