package io.dataraven.secrets.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

/** Attribute values in and out, and the two state attributes that secrets and vault connections share. */
final class Attributes {

    static final AttributeValue TRUE = AttributeValue.builder().bool(true).build();

    private Attributes() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static int num(Map<String, AttributeValue> item, String name, int fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? fallback : Integer.parseInt(value.n());
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    /** An instant as its ISO-8601 string, when there is one. */
    static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    /** An instant written by {@link #putIfPresent(Map, String, Instant)}; null when absent. */
    static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : Instant.parse(value);
    }

    /** The credential version an item points at, and whether it is a create still in progress. */
    static void putVersionAndState(Map<String, AttributeValue> item, Long version, boolean pending) {
        if (version != null) {
            item.put("credential_version", n(version));
        }
        if (pending) {
            item.put("pending", TRUE);
        }
    }

    static Long version(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("credential_version");
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    static boolean pending(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("pending");
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
