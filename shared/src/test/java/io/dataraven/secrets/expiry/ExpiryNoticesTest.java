package io.dataraven.secrets.expiry;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.MutableClock;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduled warnings: the most urgent notice due, once per secret, expiry and threshold, across re-runs. */
class ExpiryNoticesTest {

    static final UUID TEAM = UUID.randomUUID();
    final Principal admin = new Principal("admin-1", Map.of(TEAM, Role.ADMIN));
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final InMemoryStore store = new InMemoryStore(audit::publish);
    final App app = new App(token -> admin, Metadata.of(store), new InMemoryCredentialStore(),
            new CredentialPaths(TestApp.PATH_PREFIX), clock, UUID::randomUUID, () -> null, audit);

    Secret sas(String name, Instant expiry) {
        return app.secretService().create(admin, TEAM, SecretRequests.create(TestApp.json("""
                {"name": "%s", "secret_type": "azure_blob", "auth_method": "azure_sas_url",
                 "credentials": {"sas_url": "https://acme.blob.core.windows.net/c?sv=2022-11-02&se=%s&sig=abc"}}"""
                .formatted(name, expiry))));
    }

    List<AuditEvent> notices() {
        return audit.events().stream().filter(e -> e.eventType().startsWith("secret_expir")).toList();
    }

    ExpiryNotices.Summary run() {
        return app.expiryNotices().run();
    }

    @Test
    void eachThresholdIsSentOnceAsTheExpiryComesCloser() {
        Secret secret = sas("archive", Instant.parse("2026-12-20T10:00:00Z")); // 18 days away

        assertThat(run().published()).isZero();
        clock.advance(Duration.ofDays(4)); // 14 days left
        assertThat(run()).isEqualTo(new ExpiryNotices.Summary(1, 1, 0, 0));
        assertThat(run()).as("a re-run sends nothing again").isEqualTo(new ExpiryNotices.Summary(1, 0, 1, 0));
        clock.advance(Duration.ofDays(7)); // 7 days left
        run();
        clock.advance(Duration.ofDays(6).plusHours(1)); // 23 hours left
        run();
        run();
        clock.advance(Duration.ofHours(23)); // expired
        run();
        clock.advance(Duration.ofDays(3));
        run();

        assertThat(notices()).extracting(AuditEvent::eventType, e -> e.details().get("threshold_days"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("secret_expiring", "14"),
                        org.assertj.core.groups.Tuple.tuple("secret_expiring", "7"),
                        org.assertj.core.groups.Tuple.tuple("secret_expiring", "1"),
                        org.assertj.core.groups.Tuple.tuple("secret_expired", null));
        assertThat(notices()).allSatisfy(e -> {
            assertThat(e.resourceType()).isEqualTo("secret");
            assertThat(e.resourceId()).isEqualTo(secret.id());
            assertThat(e.resourceName()).isEqualTo("archive");
            assertThat(e.actorType()).isEqualTo("system");
            assertThat(e.details().get("expires_at")).isEqualTo("2026-12-20T10:00:00Z");
            assertThat(e.toJson().toString()).doesNotContain("sig=abc");
        });
    }

    @Test
    void aThresholdPassedWhileAMoreUrgentOneIsDueIsSkipped() {
        sas("short", clock.instant().plus(Duration.ofDays(5)));

        run();
        clock.advance(Duration.ofDays(1));
        run();

        assertThat(notices()).singleElement().satisfies(e -> assertThat(e.details().get("threshold_days"))
                .isEqualTo("7"));
    }

    @Test
    void aRotationToNewCredentialsStartsItsOwnSeries() {
        Secret secret = sas("archive", clock.instant().plus(Duration.ofDays(3)));
        run();
        app.secretService().update(admin, TEAM, secret.id(), SecretRequests.update(TestApp.json("""
                {"credentials": {"sas_url": "https://acme.blob.core.windows.net/c?sv=2022-11-02&se=%s&sig=abc"}}"""
                .formatted(clock.instant().plus(Duration.ofDays(6))))));
        run();

        assertThat(notices()).extracting(e -> e.details().get("expires_at")).containsExactly(
                clock.instant().plus(Duration.ofDays(3)).toString(), clock.instant().plus(Duration.ofDays(6)).toString());
    }

    @Test
    void secretsWithoutAKnownExpiryAreNeverWarnedAbout() {
        app.teams().setTier(TEAM, Tier.PRO);
        app.secretService().create(admin, TEAM, SecretRequests.create(TestApp.json("""
                {"name": "keys", "secret_type": "s3", "auth_method": "s3_access_key",
                 "credentials": {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "abcdefghij0123456789"}}
                """)));
        app.secretService().create(admin, TEAM, SecretRequests.create(TestApp.json("""
                {"name": "policy-sas", "secret_type": "azure_blob", "auth_method": "azure_sas_url",
                 "credentials": {"sas_url": "https://acme.blob.core.windows.net/c?sv=2022-11-02&si=policy&sig=abc"}}
                """)));

        assertThat(run()).isEqualTo(new ExpiryNotices.Summary(0, 0, 0, 0));
    }

    /** A record that applied and then failed, or failed before applying: the next run sends it exactly once. */
    @Test
    void aFailedRecordIsRetriedByTheNextRunAndNeverDoubled() {
        sas("archive", clock.instant().plus(Duration.ofDays(2)));
        AtomicInteger calls = new AtomicInteger();
        ExpiryNoticeRepository flaky = new ExpiryNoticeRepository() {
            public List<Secret> secretsExpiringBetween(Instant from, Instant to) {
                return store.secretsExpiringBetween(from, to);
            }

            public boolean recordOnce(ExpiryNotice notice, AuditEvent event) {
                int call = calls.incrementAndGet();
                if (call == 1) {
                    throw new IllegalStateException("throttled before applying");
                }
                boolean recorded = store.recordOnce(notice, event);
                if (call == 2) {
                    throw new IllegalStateException("applied, then the answer was lost");
                }
                return recorded;
            }
        };
        ExpiryNotices notifier = new ExpiryNotices(flaky, clock);

        assertThat(notifier.run().failed()).isEqualTo(1);
        assertThat(notices()).isEmpty();
        assertThat(notifier.run().failed()).isEqualTo(1);
        assertThat(notices()).hasSize(1);
        assertThat(notifier.run()).isEqualTo(new ExpiryNotices.Summary(1, 0, 1, 0));
        assertThat(notices()).hasSize(1);
    }

    @Test
    void theEventIdIsTheNoticesOwnSoCopiesAreRecognizable() {
        Secret secret = sas("archive", clock.instant().plus(Duration.ofDays(2)));
        ExpiryNotice notice = ExpiryNotices.due(secret, clock.instant());

        assertThat(ExpiryNotices.event(notice, clock.instant()).id())
                .isEqualTo(ExpiryNotices.event(notice, clock.instant().plusSeconds(60)).id());
    }

    @Test
    void aSecretLeftExpiredIsToldOnceAndThenLeftAlone() {
        sas("archive", clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofHours(2));
        run();
        clock.advance(ExpiryNotices.EXPIRED_NOTICE_WINDOW);

        assertThat(run()).as("past the window it is not even read").isEqualTo(new ExpiryNotices.Summary(0, 0, 0, 0));
        assertThat(notices()).extracting(AuditEvent::eventType).containsExactly("secret_expired");
    }
}
