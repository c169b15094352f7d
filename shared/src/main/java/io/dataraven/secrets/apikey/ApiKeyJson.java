package io.dataraven.secrets.apikey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.PageRequest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** API key -> response JSON, field by field: the hash never leaves, the full key only where it is minted. */
public final class ApiKeyJson {

    private ApiKeyJson() {
    }

    /** List and get fields (spec §5.4); {@code detail} adds what get alone returns. */
    public static ObjectNode view(ApiKey key, Instant now, boolean detail) {
        ObjectNode json = Json.object();
        json.put("id", key.id().toString());
        json.put("key_id", key.keyId());
        json.put("name", key.name());
        key.scopes().forEach(json.putArray("scopes")::add);
        json.put("expires_at", time(key.expiresAt()));
        json.put("revoked_at", time(key.revokedAt()));
        json.put("rotated_at", time(key.rotatedAt()));
        json.put("last_used_at", time(key.lastUsedAt()));
        json.put("created_at", time(key.createdAt()));
        json.put("created_by", key.createdBy());
        json.put("is_active", key.activeAt(now));
        if (detail) {
            json.put("last_used_ip", key.lastUsedIp());
            // Tokens carry a subject, not an e-mail address: we have none to give.
            json.putNull("created_by_email");
        }
        return json;
    }

    /** The create and rotate responses: the view plus {@code full_key}, the one time it is ever shown. */
    public static ObjectNode minted(ApiKeyService.Minted minted, Instant now) {
        return view(minted.key(), now, false).put("full_key", minted.fullKey());
    }

    public static ObjectNode page(PageRequest.Page<ApiKey> page, Instant now) {
        return page.toJson(key -> view(key, now, false));
    }

    private static String time(Instant at) {
        return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
