package io.dataraven.secrets.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.dataraven.secrets.store.dynamodb.Attributes.TRUE;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;

/**
 * The state a write applies to: the version read ({@code updated_at}) and whether it was a pending create, so an
 * activation and the removal of an abandoned create can never both succeed.
 */
final class ReadVersion {

    private ReadVersion() {
    }

    static String condition(boolean pending) {
        return "updated_at = :read_version AND " + (pending ? "pending = :true" : "attribute_not_exists(pending)");
    }

    /** The values {@link #condition} names; a mutable map, so a caller can add its own. */
    static Map<String, AttributeValue> values(Instant readVersion, boolean pending) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":read_version", s(readVersion.toString()));
        if (pending) {
            values.put(":true", TRUE);
        }
        return values;
    }
}
