package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.expiry.ExpiryNotice;
import io.dataraven.secrets.expiry.ExpiryNoticeRepository;
import io.dataraven.secrets.secret.Secret;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;

/**
 * The expiry warnings' reads and records: a query of the sparse index {@code ExpiringSecrets} for secrets whose
 * expiry is near, and per notice one transaction of a marker item {@code TEAM#<team>} / {@code EXPIRYNOTICE#<secret>#
 * <expiry>#<threshold>} (condition: not there yet) with the event's outbox item. The marker outlives the expiry by
 * {@link #KEPT_AFTER_EXPIRY} (TTL), so a re-run never repeats a notice and the table does not keep them forever.
 */
public final class DynamoDbExpiryNotices implements ExpiryNoticeRepository {

    private enum Part { NOTICE, AUDIT }

    static final String PREFIX = "EXPIRYNOTICE#";
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(90);

    private final DynamoDbTable table;

    public DynamoDbExpiryNotices(DynamoDbTable table) {
        this.table = table;
    }

    /**
     * One query of the sparse index (only active secrets with a known expiry are in it), over the expiry window:
     * what a run reads grows with the secrets about to expire, not with the table (rate windows, audit items).
     */
    @Override
    public List<Secret> secretsExpiringBetween(Instant from, Instant to) {
        List<Secret> found = new ArrayList<>();
        table.query(query -> query.indexName(SecretItems.EXPIRY_INDEX)
                        .keyConditionExpression("#index = :partition AND credential_expires_at BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#index", SecretItems.EXPIRY_INDEX_KEY))
                        .expressionAttributeValues(Map.of(":partition", s(SecretItems.EXPIRY_INDEX_PARTITION),
                                ":from", s(from.toString()), ":to", s(to.toString()))),
                item -> {
                    Secret secret = SecretItems.toSecret(item);
                    // Instant strings differ in their fraction digits: the bounds are checked again as instants.
                    if (secret.expiresAt() != null && !secret.expiresAt().isBefore(from)
                            && secret.expiresAt().isBefore(to)) {
                        found.add(secret);
                    }
                });
        return found;
    }

    /** The marker was there: this notice went out before. */
    private static final class AlreadyRecorded extends RuntimeException {
        AlreadyRecorded() {
            super(null, null, false, false);
        }
    }

    @Override
    public boolean recordOnce(ExpiryNotice notice, AuditEvent event) {
        Map<String, AttributeValue> marker = new HashMap<>(Keys.key(Keys.teamPk(notice.teamId()),
                PREFIX + notice.key()));
        marker.put("entity", s("expiry_notice"));
        marker.put("event_type", s(notice.eventType()));
        marker.put("sent_at", s(event.time().toString()));
        marker.put("expires_at", n(notice.expiresAt().plus(KEPT_AFTER_EXPIRY).getEpochSecond()));
        Transaction<Part> transaction = table.<Part>transaction()
                .put(Part.NOTICE, put -> put.item(marker).conditionExpression("attribute_not_exists(PK)"));
        transaction.audit(Part.AUDIT, event);
        try {
            table.transact(transaction, refused -> {
                if (refused.failed(Part.NOTICE)) {
                    throw new AlreadyRecorded();
                }
            });
            return true;
        } catch (AlreadyRecorded sentBefore) {
            return false;
        }
    }
}
