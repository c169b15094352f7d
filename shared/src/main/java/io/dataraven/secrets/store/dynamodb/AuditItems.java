package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.audit.AuditEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.putIfPresent;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;

/**
 * Audit events as outbox items: written in the transaction of the change they record, read by the relay from the
 * table's stream (NEW_IMAGE), then left to the TTL. Key {@code AUDIT#<event id>} / {@code AUDIT}: outside every
 * team partition, so no team query reads them, and the relay's filter tells them apart by the key's prefix.
 */
public final class AuditItems {

    public static final String PK_PREFIX = "AUDIT#";
    static final String SK = "AUDIT";
    /** Long enough for the stream (24 h of records) and a day of relay retries; the TTL removes them after. */
    static final Duration KEPT = Duration.ofDays(2);

    private AuditItems() {
    }

    static Map<String, AttributeValue> key(UUID eventId) {
        return Keys.key(PK_PREFIX + eventId, SK);
    }

    static Map<String, AttributeValue> item(AuditEvent event) {
        Map<String, AttributeValue> item = new HashMap<>(key(event.id()));
        item.put("entity", s("audit_event"));
        item.put("event_type", s(event.eventType()));
        item.put("team_id", s(event.teamId().toString()));
        item.put("resource_type", s(event.resourceType()));
        item.put("resource_id", s(event.resourceId().toString()));
        putIfPresent(item, "resource_name", event.resourceName());
        item.put("actor_type", s(event.actorType()));
        putIfPresent(item, "actor_id", event.actorId());
        putIfPresent(item, "request_id", event.requestId());
        putIfPresent(item, "source_ip", event.sourceIp());
        putIfPresent(item, "user_agent", event.userAgent());
        item.put("time", s(event.time().toString()));
        if (!event.details().isEmpty()) {
            Map<String, AttributeValue> details = new HashMap<>();
            event.details().forEach((k, v) -> details.put(k, s(v)));
            item.put("details", AttributeValue.builder().m(details).build());
        }
        item.put("expires_at", n(event.time().plus(KEPT).getEpochSecond()));
        return item;
    }

    /**
     * The event of an outbox item as a stream record's image carries it ({@code {"event_type": {"S": "..."}, ...}},
     * the attribute-value JSON of DynamoDB Streams), or null when the image is not an outbox item.
     */
    public static AuditEvent fromStreamImage(Map<String, ?> image) {
        String pk = string(image, "PK");
        if (pk == null || !pk.startsWith(PK_PREFIX) || !SK.equals(string(image, "SK"))) {
            return null;
        }
        return new AuditEvent(UUID.fromString(pk.substring(PK_PREFIX.length())), string(image, "event_type"),
                UUID.fromString(string(image, "team_id")), string(image, "resource_type"),
                UUID.fromString(string(image, "resource_id")), string(image, "resource_name"),
                string(image, "actor_type"), string(image, "actor_id"), string(image, "request_id"),
                string(image, "source_ip"), string(image, "user_agent"), Instant.parse(string(image, "time")),
                details(image));
    }

    /** The image's {@code details} map ({@code {"M": {"k": {"S": "v"}}}}), empty when it has none. */
    private static Map<String, String> details(Map<String, ?> image) {
        Map<String, String> details = new HashMap<>();
        if (image.get("details") instanceof Map<?, ?> value && value.get("M") instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> {
                if (v instanceof Map<?, ?> attribute && attribute.get("S") instanceof String text) {
                    details.put(String.valueOf(k), text);
                }
            });
        }
        return details;
    }

    private static String string(Map<String, ?> image, String name) {
        return image.get(name) instanceof Map<?, ?> value && value.get("S") instanceof String text ? text : null;
    }
}
