package io.dataraven.secrets.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.RequestInfo;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.testing.FakeVaultProvider;
import io.dataraven.secrets.testing.SampleCredentials;
import io.dataraven.secrets.testing.TestApp;
import io.dataraven.secrets.testing.TestTokens;
import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultConnectionRequests;
import io.dataraven.secrets.vault.VaultProviders;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.testing.TestApp.directS3;
import static io.dataraven.secrets.testing.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every successful mutation publishes exactly one audit event, complete and free of credentials. */
class AuditTrailTest {

    private static final UUID TEAM = UUID.fromString("6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f");
    private static final String TOKEN = "dp.st.prd.AUDITTOKENVALUE";
    private static final String ROTATED_TOKEN = "dp.st.prd.ROTATEDTOKENVALUE";
    private static final String ROTATED_KEY = "rotated-secret-access-key-value";
    private static final RequestInfo FROM = new RequestInfo("req-123", "203.0.113.10", "curl/8.5.0");

    private final Principal admin = new Principal("user-7", Map.of(TEAM, Role.ADMIN)).from(FROM);

    /** Over an in-memory store whose committed events reach {@code relay}, as the table's stream does. */
    private App app(InMemoryStore store) {
        FakeVaultProvider doppler = new FakeVaultProvider(VaultType.DOPPLER, ROTATED_TOKEN);
        return new App(new TestTokens().authenticator(), Metadata.of(store), new InMemoryCredentialStore(),
                new CredentialPaths(TestApp.PATH_PREFIX), Clock.systemUTC(), UUID::randomUUID,
                () -> new VaultProviders(List.of(doppler), Map.of()), event -> {
                    throw new AssertionError("a request published " + event.eventType() + " itself");
                });
    }

    @Test
    void everyMutationTypePublishesOneCompleteEventWithoutSecrets() {
        InMemoryAuditLog log = new InMemoryAuditLog();
        App app = app(new InMemoryStore(log::publish));
        Secret secret = app.secretService().create(admin, TEAM, SecretRequests.create(directS3("prod")));
        app.secretService().update(admin, TEAM, secret.id(), SecretRequests.update(json("{\"name\":\"prod-eu\"}")));
        app.secretService().update(admin, TEAM, secret.id(), SecretRequests.update(json(
                "{\"credentials\":{\"access_key_id\":\"AKIAROTATED\",\"secret_access_key\":\"" + ROTATED_KEY + "\"}}")));
        app.secretService().update(admin, TEAM, secret.id(), SecretRequests.update(json("{\"name\":\"prod-eu\"}")));
        app.secretService().delete(admin, TEAM, secret.id());
        VaultConnection c = app.vaultConnectionService().create(admin, TEAM, VaultConnectionRequests.create(json(
                "{\"name\":\"doppler\",\"vault_type\":\"doppler\",\"access_token\":\"" + TOKEN
                        + "\",\"project\":\"p\",\"config\":\"prd\"}")));
        app.vaultConnectionService().update(admin, TEAM, c.id(), VaultConnectionRequests.update(json("{\"name\":\"dop\"}")));
        app.vaultConnectionService().rotate(admin, TEAM, c.id(),
                VaultConnectionRequests.rotation(json("{\"access_token\":\"" + ROTATED_TOKEN + "\"}")));
        app.vaultConnectionService().test(admin, TEAM, c.id());
        app.vaultConnectionService().delete(admin, TEAM, c.id());

        List<AuditEvent> events = log.events();
        // the no-op update published nothing
        assertThat(events).extracting(AuditEvent::eventType).containsExactly("secret_created", "secret_updated",
                "secret_rotated", "secret_deleted", "vault_connection_created", "vault_connection_updated",
                "vault_connection_rotated", "vault_connection_tested", "vault_connection_deleted");
        for (AuditEvent e : events) {
            JsonNode json = e.toJson();
            assertThat(json.get("team_id").asText()).isEqualTo(TEAM.toString());
            assertThat(json.get("resource_type").asText()).isIn("secret", "vault_connection");
            assertThat(json.get("resource_id").asText()).isIn(secret.id().toString(), c.id().toString());
            assertThat(json.get("resource_name").asText()).isNotBlank();
            assertThat(json.get("actor").toString()).isEqualTo("{\"type\":\"user\",\"id\":\"user-7\"}");
            assertThat(json.get("request_id").asText()).isEqualTo("req-123");
            assertThat(json.get("source_ip").asText()).isEqualTo("203.0.113.10");
            assertThat(json.get("user_agent").asText()).isEqualTo("curl/8.5.0");
            assertThat(json.get("time").asText()).endsWith("Z");
            assertThat(json.toString()).doesNotContain(SampleCredentials.SECRET_MARKER).doesNotContain(ROTATED_KEY)
                    .doesNotContain(TOKEN).doesNotContain(ROTATED_TOKEN).doesNotContain("AKIA");
        }
    }

    @Test
    void eventsAreCommittedWithTheirChangeAndARefusedChangeHasNone() {
        InMemoryStore store = new InMemoryStore();
        App app = app(store);
        Secret secret = app.secretService().create(admin, TEAM, SecretRequests.create(directS3("prod")));
        assertThatThrownBy(() -> app.secretService().create(admin, TEAM, SecretRequests.create(directS3("prod"))))
                .isInstanceOf(RuntimeException.class); // the name is taken: no change, no event

        assertThat(store.auditEvents()).singleElement().satisfies(e -> {
            assertThat(e.eventType()).isEqualTo("secret_created");
            assertThat(e.resourceId()).isEqualTo(secret.id());
            assertThat(e.toJson().get("event_id").asText()).isEqualTo(e.id().toString());
        });
    }

    @Test
    void theSameChangeAlwaysMakesTheSameEventId() {
        Auditor auditor = new Auditor(Clock.systemUTC());
        java.time.Instant version = java.time.Instant.parse("2026-12-02T05:00:00Z");
        UUID resource = UUID.randomUUID();
        AuditEvent first = auditor.event(admin, "secret_updated", TEAM, "secret", resource, "a", version);
        AuditEvent again = auditor.event(admin, "secret_updated", TEAM, "secret", resource, "a", version);
        AuditEvent next = auditor.event(admin, "secret_updated", TEAM, "secret", resource, "a", version.plusMillis(1));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(next.id()).isNotEqualTo(first.id());
        assertThat(auditor.event(admin, "secret_deleted", TEAM, "secret", resource, "a", version).id())
                .isNotEqualTo(first.id());
    }
}
