package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.audit.AuditEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An outbox item read back from the stream image the relay gets: every field, details included. */
class AuditItemsTest {

    /** The attribute-value JSON of a DynamoDB Streams image, as the relay's event carries it. */
    private static Map<String, Object> image(Map<String, AttributeValue> item) {
        Map<String, Object> image = new HashMap<>();
        item.forEach((name, value) -> image.put(name, json(value)));
        return image;
    }

    private static Object json(AttributeValue value) {
        if (value.s() != null) {
            return Map.of("S", value.s());
        }
        if (value.n() != null) {
            return Map.of("N", value.n());
        }
        Map<String, Object> m = new HashMap<>();
        value.m().forEach((k, v) -> m.put(k, json(v)));
        return Map.of("M", m);
    }

    @Test
    void anEventWithDetailsSurvivesTheOutbox() {
        AuditEvent event = new AuditEvent(UUID.randomUUID(), "secret_expiring", UUID.randomUUID(), "secret",
                UUID.randomUUID(), "archive", "system", "expiry-notifier", null, null, null,
                Instant.parse("2026-12-02T10:00:00Z"), Map.of("expires_at", "2027-01-01T00:00:00Z",
                "threshold_days", "7"));

        assertThat(AuditItems.fromStreamImage(image(AuditItems.item(event)))).isEqualTo(event);
        assertThat(event.toJson().path("details").toString())
                .isEqualTo("{\"expires_at\":\"2027-01-01T00:00:00Z\",\"threshold_days\":\"7\"}");
    }

    @Test
    void anEventWithoutDetailsHasNoDetailsAttribute() {
        AuditEvent event = new AuditEvent(UUID.randomUUID(), "secret_created", UUID.randomUUID(), "secret",
                UUID.randomUUID(), "archive", "user", "user-1", "req", "203.0.113.1", "curl",
                Instant.parse("2026-12-02T10:00:00Z"));

        assertThat(AuditItems.item(event)).doesNotContainKey("details");
        assertThat(AuditItems.fromStreamImage(image(AuditItems.item(event)))).isEqualTo(event);
        assertThat(event.toJson().has("details")).isFalse();
    }
}
