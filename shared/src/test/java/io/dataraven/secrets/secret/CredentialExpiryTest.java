package io.dataraven.secrets.secret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.Failures;
import io.dataraven.secrets.testing.MutableClock;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A SAS URL's own validity window: refused when already past, kept in the metadata, shown, filtered on. */
class CredentialExpiryTest {

    static final UUID TEAM = UUID.randomUUID();
    final Principal admin = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final InMemoryStore store = new InMemoryStore();
    final App app = new App(token -> admin, Metadata.of(store), new InMemoryCredentialStore(),
            new CredentialPaths(TestApp.PATH_PREFIX), clock, UUID::randomUUID);

    static String sasUrl(String window) {
        return "https://acme.blob.core.windows.net/archive?sv=2022-11-02&sr=c&" + window + "&sp=rl&sig=EXAMPLE%2Fsig%3D";
    }

    Secret createSas(String name, String window) {
        return app.secretService().create(admin, TEAM, SecretRequests.create(TestApp.json("""
                {"name": "%s", "secret_type": "azure_blob", "auth_method": "azure_sas_url",
                 "credentials": {"sas_url": "%s"}}""".formatted(name, sasUrl(window)))));
    }

    Secret createS3(String name) {
        return app.secretService().create(admin, TEAM, SecretRequests.create(TestApp.json("""
                {"name": "%s", "secret_type": "s3", "auth_method": "s3_access_key",
                 "credentials": {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "abcdefghij0123456789"}}
                """.formatted(name))));
    }

    List<String> expiring(String days) {
        return app.secretService().list(admin, TEAM, ListSecretsQuery.parse(Map.of("expiring_within_days", days,
                "sort_by", "name", "sort_order", "asc"))).data().stream().map(Secret::name).toList();
    }

    @Test
    void theWindowIsStoredAndShownOnListAndGet() {
        Secret created = createSas("archive", "st=2026-12-01T00:00:00Z&se=2027-01-01T00:00:00Z");

        Secret stored = app.secretService().get(admin, TEAM, created.id());
        assertThat(stored.expiresAt()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(stored.validity().notBefore()).isEqualTo("2026-12-01T00:00:00Z");
        ObjectNode detail = SecretJson.detail(stored, null);
        assertThat(detail.path("expires_at").asText()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(detail.path("not_before").asText()).isEqualTo("2026-12-01T00:00:00Z");
        ObjectNode listed = SecretJson.listItem(app.secretService().list(admin, TEAM, ListSecretsQuery.parse(Map.of()))
                .data().get(0));
        assertThat(listed.path("expires_at").asText()).isEqualTo("2027-01-01T00:00:00Z");
        // Credentials that say nothing: null, not absent.
        Secret s3 = createS3("keys");
        assertThat(SecretJson.listItem(s3).get("expires_at").isNull()).isTrue();
    }

    @Test
    void aSasAlreadyExpiredAtCreateIsA400NamingTheDate() {
        ApiException e = Failures.http(() -> createSas("old", "se=2026-11-30T00:00:00Z"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).singleElement().satisfies(v -> {
            assertThat(v.loc()).isEqualTo(List.of("body", "credentials", "sas_url"));
            assertThat(v.msg()).contains("expired at 2026-11-30T00:00:00Z").doesNotContain("EXAMPLE");
        });
        assertThat(store.listSecrets(TEAM)).isEmpty();
    }

    @Test
    void aRotationToAnExpiredSasIsRefusedAndAFreshOneMovesTheWindow() {
        Secret created = createSas("archive", "se=2027-01-01");

        ApiException e = Failures.http(() -> app.secretService().update(admin, TEAM, created.id(),
                SecretRequests.update(TestApp.json("{\"credentials\": {\"sas_url\": \"" + sasUrl("se=2026-01-01")
                        + "\"}}"))));
        assertThat(e.status()).isEqualTo(400);
        assertThat(app.secretService().get(admin, TEAM, created.id()).expiresAt()).isEqualTo("2027-01-01T00:00:00Z");

        app.secretService().update(admin, TEAM, created.id(), SecretRequests.update(TestApp.json(
                "{\"credentials\": {\"sas_url\": \"" + sasUrl("se=2027-06-30") + "\"}}")));
        assertThat(app.secretService().get(admin, TEAM, created.id()).expiresAt()).isEqualTo("2027-06-30T00:00:00Z");

        // A rename keeps the window; new credentials without one clear it.
        app.secretService().update(admin, TEAM, created.id(), SecretRequests.update(TestApp.json(
                "{\"name\": \"archive-eu\"}")));
        assertThat(app.secretService().get(admin, TEAM, created.id()).expiresAt()).isEqualTo("2027-06-30T00:00:00Z");
        app.secretService().update(admin, TEAM, created.id(), SecretRequests.update(TestApp.json(
                "{\"credentials\": {\"sas_url\": \"" + sasUrl("sv=2022-11-02") + "\"}}")));
        assertThat(app.secretService().get(admin, TEAM, created.id()).validity()).isNull();
    }

    @Test
    void theListFiltersOnExpiringWithinDays() {
        app.teams().setTier(TEAM, Tier.PRO);
        createSas("in-3-days", "se=2026-12-05T10:00:00Z");
        createSas("in-20-days", "se=2026-12-22T10:00:00Z");
        createSas("no-expiry", "sv=2022-11-02");
        createS3("s3");

        assertThat(expiring("7")).containsExactly("in-3-days");
        assertThat(expiring("30")).containsExactly("in-20-days", "in-3-days");
        assertThat(expiring("0")).isEmpty();
        clock.advance(Duration.ofDays(4)); // in-3-days has expired: it still shows, as the most urgent
        assertThat(expiring("0")).containsExactly("in-3-days");
        assertThat(Failures.http(() -> expiring("-1")).detail()).singleElement()
                .satisfies(v -> assertThat(v.loc()).isEqualTo(List.of("query", "expiring_within_days")));
        assertThat(Failures.http(() -> expiring("99999")).status()).isEqualTo(400);
    }
}
