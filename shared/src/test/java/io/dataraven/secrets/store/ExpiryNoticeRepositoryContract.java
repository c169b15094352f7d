package io.dataraven.secrets.store;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.credential.CredentialValidity;
import io.dataraven.secrets.expiry.ExpiryNotice;
import io.dataraven.secrets.expiry.ExpiryNoticeRepository;
import io.dataraven.secrets.secret.Secret;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.dataraven.secrets.store.StoreFixtures.directSecret;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ExpiryNoticeRepository} adapter must do (see {@link StoreContract}). */
public abstract class ExpiryNoticeRepositoryContract extends StoreContract {

    static final Instant EXPIRY = Instant.parse("2027-01-01T00:00:00Z");

    protected ExpiryNoticeRepository notices() {
        return adapter().metadata().expiryNotices();
    }

    @Test
    void theWindowFindsActiveSecretsExpiringInItOnly() {
        Secret withExpiry = directSecret(team, "sas").withValidity(new CredentialValidity(null, EXPIRY));
        secrets().createSecret(withExpiry);
        secrets().createSecret(directSecret(team, "keys"));
        Secret later = directSecret(team, "later").withValidity(new CredentialValidity(null,
                EXPIRY.plusSeconds(86_400 * 60)));
        secrets().createSecret(later);
        Secret pending = directSecret(otherTeam, "pending sas").withValidity(new CredentialValidity(null, EXPIRY))
                .asPending();
        secrets().createSecret(pending);

        // The table may hold other tests' teams: only this test's are looked at.
        assertThat(mine(notices().secretsExpiringBetween(EXPIRY.minusSeconds(3600), EXPIRY.plusSeconds(3600))))
                .containsExactly(withExpiry);
        assertThat(mine(notices().secretsExpiringBetween(EXPIRY.minusSeconds(3600), EXPIRY)))
                .as("the window's end is exclusive").isEmpty();
        assertThat(mine(notices().secretsExpiringBetween(EXPIRY, EXPIRY.plusSeconds(86_400 * 61))))
                .containsExactlyInAnyOrder(withExpiry, later);
        // An activation puts a pending create into the index.
        secrets().updateSecret(pending, pending.activated(1L));
        assertThat(mine(notices().secretsExpiringBetween(EXPIRY.minusSeconds(3600), EXPIRY.plusSeconds(3600))))
                .hasSize(2);
    }

    private java.util.List<Secret> mine(java.util.List<Secret> found) {
        return found.stream().filter(s -> s.teamId().equals(team) || s.teamId().equals(otherTeam)).toList();
    }

    @Test
    void aNoticeIsRecordedOnceWithItsEvent() {
        Secret secret = directSecret(team, "sas").withValidity(new CredentialValidity(null, EXPIRY));
        ExpiryNotice notice = new ExpiryNotice(team, secret.id(), secret.name(), EXPIRY, 7);
        AuditEvent first = event(notice);
        AuditEvent second = event(notice);

        assertThat(notices().recordOnce(notice, first)).isTrue();
        assertThat(notices().recordOnce(notice, second)).isFalse();

        assertThat(committed(first)).isTrue();
        assertThat(committed(second)).isFalse();
        // Another threshold, or another expiry of the same secret, is another notice.
        assertThat(notices().recordOnce(new ExpiryNotice(team, secret.id(), secret.name(), EXPIRY, 1),
                event(notice))).isTrue();
        assertThat(notices().recordOnce(new ExpiryNotice(team, secret.id(), secret.name(),
                EXPIRY.plusSeconds(86400), 7), event(notice))).isTrue();
    }

    private AuditEvent event(ExpiryNotice notice) {
        AuditEvent e = auditEvent(team, notice.eventType());
        return new AuditEvent(e.id(), e.eventType(), team, "secret", notice.secretId(), notice.secretName(), "system",
                "expiry-notifier", null, null, null, e.time(), Map.of("expires_at", EXPIRY.toString(),
                "threshold_days", "7"));
    }
}
