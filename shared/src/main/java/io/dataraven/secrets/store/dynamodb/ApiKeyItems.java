package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.apikey.ApiKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.instant;
import static io.dataraven.secrets.store.dynamodb.Attributes.putIfPresent;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;

/**
 * API keys as items: {@code TEAM#<team>} / {@code APIKEY#<key_id>}. The key's own expiry is {@code key_expires_at},
 * never {@code expires_at}: that is the table's TTL attribute, which would delete an expired key that must stay
 * listed.
 */
final class ApiKeyItems {

    private ApiKeyItems() {
    }

    static Map<String, AttributeValue> item(ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.apiKey(key.teamId(), key.keyId()));
        item.put("entity", s("api_key"));
        item.put("id", s(key.id().toString()));
        item.put("key_id", s(key.keyId()));
        item.put("name", s(key.name()));
        item.put("scopes", AttributeValue.builder().l(key.scopes().stream().map(Attributes::s).toList()).build());
        item.put("secret_hash", s(key.secretHash()));
        putIfPresent(item, "key_expires_at", key.expiresAt());
        putIfPresent(item, "revoked_at", key.revokedAt());
        putIfPresent(item, "rotated_at", key.rotatedAt());
        putIfPresent(item, "last_used_at", key.lastUsedAt());
        putIfPresent(item, "last_used_ip", key.lastUsedIp());
        item.put("created_at", s(key.createdAt().toString()));
        item.put("created_by", s(key.createdBy()));
        item.put("updated_at", s(key.updatedAt().toString()));
        return item;
    }

    static ApiKey toApiKey(Map<String, AttributeValue> item) {
        AttributeValue scopes = item.get("scopes");
        List<String> scopeList = scopes == null || !scopes.hasL() ? List.of()
                : scopes.l().stream().map(AttributeValue::s).toList();
        return new ApiKey(UUID.fromString(str(item, "id")), Keys.teamId(item), str(item, "key_id"),
                str(item, "name"), scopeList, str(item, "secret_hash"), instant(item, "key_expires_at"),
                instant(item, "revoked_at"), instant(item, "rotated_at"), instant(item, "last_used_at"),
                str(item, "last_used_ip"), instant(item, "created_at"), str(item, "created_by"),
                instant(item, "updated_at"));
    }
}
