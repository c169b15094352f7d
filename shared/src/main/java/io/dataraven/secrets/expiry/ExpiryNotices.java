package io.dataraven.secrets.expiry;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.secret.Secret;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Warnings before credentials stop working, and when they have: for each secret whose credentials carry an expiry
 * (a SAS URL's se=), the most urgent notice due, {@code secret_expiring} at 14, 7 and 1 days before or
 * {@code secret_expired} after, each sent once (see {@link ExpiryNoticeRepository#recordOnce}). A threshold passed
 * while a more urgent one is due is skipped: a SAS created 5 days before its expiry gets the 7-day warning, not the
 * 14-day one too. Events go to the audit bus through the outbox, for the notification service.
 */
public final class ExpiryNotices {

    /** Days before the expiry at which a warning is due, most urgent first. */
    public static final List<Integer> THRESHOLD_DAYS = List.of(1, 7, 14);
    static final String ACTOR = "expiry-notifier";

    private static final System.Logger LOG = System.getLogger(ExpiryNotices.class.getName());

    private final ExpiryNoticeRepository notices;
    private final Clock clock;

    public ExpiryNotices(ExpiryNoticeRepository notices, Clock clock) {
        this.notices = notices;
        this.clock = clock;
    }

    /** What one run did. */
    public record Summary(int scanned, int published, int alreadySent, int failed) {
    }

    public Summary run() {
        Instant now = clock.instant();
        int scanned = 0;
        int published = 0;
        int already = 0;
        int failed = 0;
        // The window a notice can be due in: expired up to the expired notice's window ago, or within the largest
        // threshold from now.
        Instant from = now.minus(EXPIRED_NOTICE_WINDOW);
        Instant to = now.plus(Duration.ofDays(THRESHOLD_DAYS.get(THRESHOLD_DAYS.size() - 1))).plusSeconds(1);
        for (Secret secret : notices.secretsExpiringBetween(from, to)) {
            if (secret.pending() || secret.expiresAt() == null) {
                continue;
            }
            scanned++;
            ExpiryNotice due = due(secret, now);
            if (due == null) {
                continue;
            }
            try {
                if (notices.recordOnce(due, event(due, now))) {
                    published++;
                } else {
                    already++;
                }
            } catch (RuntimeException e) {
                // The next run tries again; recordOnce makes that safe whether this one applied or not.
                failed++;
                LOG.log(System.Logger.Level.WARNING, "expiry notice " + due.eventType() + " for secret "
                        + secret.id() + " not recorded (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new Summary(scanned, published, already, failed);
    }

    /**
     * How long after the expiry {@code secret_expired} is still due: within it the once-only record decides, and
     * the records live longer than this (the DynamoDB adapter keeps them 90 days), so a secret left expired is
     * never told about twice.
     */
    public static final Duration EXPIRED_NOTICE_WINDOW = Duration.ofDays(30);

    /**
     * The most urgent notice due for the secret at {@code now}, or null while its expiry is over 14 days away (or
     * more than {@link #EXPIRED_NOTICE_WINDOW} past).
     */
    static ExpiryNotice due(Secret secret, Instant now) {
        Instant expiry = secret.expiresAt();
        if (!now.isBefore(expiry)) {
            return now.isBefore(expiry.plus(EXPIRED_NOTICE_WINDOW))
                    ? new ExpiryNotice(secret.teamId(), secret.id(), secret.name(), expiry, null) : null;
        }
        for (int days : THRESHOLD_DAYS) {
            if (!now.isBefore(expiry.minus(Duration.ofDays(days)))) {
                return new ExpiryNotice(secret.teamId(), secret.id(), secret.name(), expiry, days);
            }
        }
        return null;
    }

    /** The notice's event: its id made from the notice itself, so every attempt commits the same one. */
    static AuditEvent event(ExpiryNotice notice, Instant now) {
        UUID id = UUID.nameUUIDFromBytes((notice.eventType() + "|" + notice.key()).getBytes(StandardCharsets.UTF_8));
        Map<String, String> details = notice.thresholdDays() == null
                ? Map.of("expires_at", notice.expiresAt().toString())
                : Map.of("expires_at", notice.expiresAt().toString(),
                        "threshold_days", String.valueOf(notice.thresholdDays()));
        return new AuditEvent(id, notice.eventType(), notice.teamId(), "secret", notice.secretId(),
                notice.secretName(), "system", ACTOR, null, null, null, now, details);
    }
}
