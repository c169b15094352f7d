package io.dataraven.secrets.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;

import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.str;

/** Why a transaction was cancelled, read by part (see {@link Transaction#cancellation}). */
record Cancellation<P extends Enum<P>>(Map<P, CancellationReason> reasons) {

    /** The part's condition failed (a part not in the transaction never did). */
    boolean failed(P part) {
        CancellationReason reason = reasons.get(part);
        return reason != null && "ConditionalCheckFailed".equals(reason.code());
    }

    /** The item as it was when the part's condition failed, where the part asked for it (ALL_OLD); else null. */
    Map<String, AttributeValue> oldItem(P part) {
        CancellationReason reason = reasons.get(part);
        return reason == null ? null : reason.item();
    }

    /** Who holds a name lock, from the old lock item the part's failed condition returned. */
    UUID holder(P part, String attribute) {
        Map<String, AttributeValue> lock = oldItem(part);
        String id = lock == null ? null : str(lock, attribute);
        return id == null ? null : UUID.fromString(id);
    }
}
