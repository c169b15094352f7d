package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.audit.AuditEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outbox items in a DynamoDB Streams batch, as Lambda delivers it to the relay: {@code Records[].dynamodb}
 * with {@code SequenceNumber} and {@code NewImage} (the table's StreamViewType is NEW_IMAGE).
 */
public final class AuditStreamRecords {

    /** One record: its sequence number (what a partial batch failure names) and its event, null if none. */
    public record Item(String sequenceNumber, AuditEvent event) {
    }

    private AuditStreamRecords() {
    }

    /** In stream order; a record that is no outbox insert (the filter lets none through) has a null event. */
    public static List<Item> read(Map<String, Object> batch) {
        List<Item> items = new ArrayList<>();
        if (batch == null || !(batch.get("Records") instanceof List<?> records)) {
            return items;
        }
        for (Object record : records) {
            if (!(record instanceof Map<?, ?> r) || !(r.get("dynamodb") instanceof Map<?, ?> change)) {
                continue;
            }
            String sequence = change.get("SequenceNumber") instanceof String s ? s : null;
            AuditEvent event = "INSERT".equals(r.get("eventName")) && change.get("NewImage") instanceof Map<?, ?> image
                    ? AuditItems.fromStreamImage(cast(image)) : null;
            items.add(new Item(sequence, event));
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> image) {
        return (Map<String, ?>) image;
    }
}
