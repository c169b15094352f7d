package io.dataraven.secrets.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static io.dataraven.secrets.store.dynamodb.Attributes.s;

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

    static Consumer<Delete.Builder> release(Map<String, AttributeValue> key, String holderAttribute, UUID holder) {
        return delete -> delete.key(key).conditionExpression(holderAttribute + " = :id")
                .expressionAttributeValues(Map.of(":id", s(holder.toString())));
    }
}
