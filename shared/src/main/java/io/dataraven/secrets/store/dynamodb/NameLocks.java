package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.common.Names;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;

/**
 * Name uniqueness without a read: one lock item per normalized name, holding its owner's id. Taking it is a put
 * that fails if it exists; releasing it is a delete that fails unless the owner still holds it.
 */
final class NameLocks {

    private NameLocks() {
    }

    static Map<String, AttributeValue> item(Map<String, AttributeValue> key, String entity, String holderAttribute,
                                            UUID holder) {
        Map<String, AttributeValue> lock = new HashMap<>(key);
        lock.put("entity", s(entity));
        lock.put(holderAttribute, s(holder.toString()));
        return lock;
    }

    /** A failed take returns the lock as it is, which names its holder ({@link Cancellation#holder}). */
    static Consumer<Put.Builder> take(Map<String, AttributeValue> lock) {
        return put -> put.item(lock).conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }

    /**
     * The key of the lock that {@code holder}, named {@code name}, holds. New locks are keyed by {@link Names#key};
     * locks taken before that rule ({@link Names#legacyKey}: trimmed, NFC, lower case) stay under their key, and an
     * update that keeps the name keeps its lock. For the few names whose two keys differ (ß, full-width or
     * compatibility letters, final sigma, NBSP at an end...) one consistent read of the current key's lock tells
     * which this holder has; the release stays conditioned on the holder, so a lock that changed hands meanwhile is
     * never taken from another item. A rename takes its new lock under the current rule.
     */
    static Map<String, AttributeValue> held(DynamoDbTable table, Function<String, Map<String, AttributeValue>> keyOf,
                                            String holderAttribute, UUID holder, String name) {
        String current = Names.key(name);
        String legacy = Names.legacyKey(name);
        if (current.equals(legacy)) {
            return keyOf.apply(current);
        }
        boolean holdsCurrent = table.get(keyOf.apply(current))
                .map(lock -> holder.toString().equals(str(lock, holderAttribute))).orElse(false);
        return keyOf.apply(holdsCurrent ? current : legacy);
    }

    static Consumer<Delete.Builder> release(Map<String, AttributeValue> key, String holderAttribute, UUID holder) {
        return delete -> delete.key(key).conditionExpression(holderAttribute + " = :id")
                .expressionAttributeValues(Map.of(":id", s(holder.toString())));
    }
}
