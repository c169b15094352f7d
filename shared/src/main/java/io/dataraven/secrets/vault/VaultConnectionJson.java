package io.dataraven.secrets.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** VaultConnection -> JSON (spec §4.1 "without sensitive data"), field by field: no token can slip in. */
public final class VaultConnectionJson {

    private VaultConnectionJson() {
    }

    public static ObjectNode of(VaultConnection c) {
        ObjectNode json = Json.object();
        json.put("id", c.id().toString());
        json.put("name", c.name());
        json.put("description", c.description());
        json.put("vault_type", c.vaultType().wire());
        json.put("last_verified_at", time(c.lastVerifiedAt()));
        json.put("created_at", time(c.createdAt()));
        json.put("created_by", c.createdBy());
        json.put("updated_at", time(c.updatedAt()));
        // Where references are looked up: settings, not secrets.
        c.settings().values().forEach(json::put);
        return json;
    }

    private static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** The outcome of a connection test: always a 200, with the precise reason when it failed. */
    public static ObjectNode testResult(VaultConnectionService.TestResult result) {
        ObjectNode body = Json.object();
        body.put("ok", result.ok());
        body.put("message", result.message());
        if (result.ok()) {
            body.put("last_verified_at", result.verifiedAt().toString());
        } else {
            body.put("reason", result.reason());
            body.put("retryable", result.retryable());
        }
        return body;
    }
}
