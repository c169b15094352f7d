package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.idempotency.IdempotencyRecord;
import io.dataraven.secrets.idempotency.IdempotencyRecordExistsException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;

/**
 * An idempotency record's item, {@code TEAM#<team>} / {@code IDEMPOTENCY#<key hash>}, and the conditions of its
 * put and removal inside a repository's transaction. {@code expires_at} (epoch seconds) is the table's TTL
 * attribute; TTL deletes lag by up to days, so the put's condition treats an expired record as absent too.
 */
final class IdempotencyItems {

    static final String PENDING = "pending";
    static final String COMPLETE = "complete";

    /**
     * No record, an expired one, or the pending one of the same create (its activation completes it). Everything
     * else is the key's earlier request: ALL_OLD hands it back with the refusal, so the repeat reads nothing more.
     */
    private static final String PUT_CONDITION = "attribute_not_exists(PK) OR expires_at <= :now"
            + " OR (resource_id = :rid AND fingerprint = :fp AND #state = :pending)";
    /** A removal with the reservation it belongs to: absent, or still that reservation's pending record. */
    private static final String REMOVE_CONDITION = "attribute_not_exists(PK) OR (resource_id = :rid AND #state = :pending)";

    private IdempotencyItems() {
    }

    static Map<String, AttributeValue> key(UUID teamId, String keyHash) {
        return Keys.idempotency(teamId, keyHash);
    }

    static Map<String, AttributeValue> item(IdempotencyRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.teamId(), r.keyHash()));
        item.put("entity", s("idempotency_record"));
        item.put("operation", s(r.operation()));
        item.put("resource_id", s(r.resourceId().toString()));
        item.put("fingerprint", s(r.fingerprint()));
        item.put("state", s(r.complete() ? COMPLETE : PENDING));
        Attributes.putIfPresent(item, "response", r.response());
        item.put("created_at", s(r.createdAt().toString()));
        item.put("expires_at", n(r.expiresAt().getEpochSecond()));
        return item;
    }

    /** The record of an item; null for none (a condition that failed on a missing item returns none). */
    static IdempotencyRecord toRecord(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return null;
        }
        return new IdempotencyRecord(Keys.teamId(item), str(item, Keys.SK).substring(Keys.IDEMPOTENCY_PREFIX.length()),
                str(item, "operation"), UUID.fromString(str(item, "resource_id")), str(item, "fingerprint"),
                COMPLETE.equals(str(item, "state")), str(item, "response"), Instant.parse(str(item, "created_at")),
                Instant.ofEpochSecond(Long.parseLong(item.get("expires_at").n())));
    }

    static Consumer<Put.Builder> put(IdempotencyRecord r) {
        return put -> put.item(item(r)).conditionExpression(PUT_CONDITION)
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":now", n(r.createdAt().getEpochSecond()),
                        ":rid", s(r.resourceId().toString()), ":fp", s(r.fingerprint()), ":pending", s(PENDING)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }

    static Consumer<Delete.Builder> remove(IdempotencyRecord r) {
        return delete -> delete.key(key(r.teamId(), r.keyHash())).conditionExpression(REMOVE_CONDITION)
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":rid", s(r.resourceId().toString()), ":pending", s(PENDING)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }

    /** Throws the refusal when the record's part failed: checked first, it decides a repeat's answer. */
    static <P extends Enum<P>> void refused(Cancellation<P> refused, P part) {
        if (refused.failed(part)) {
            throw new IdempotencyRecordExistsException(toRecord(refused.oldItem(part)));
        }
    }
}
