package io.dataraven.secrets.secret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.Json;

import java.time.format.DateTimeFormatter;

/** Secret -> response JSON, written field by field: no reflection, and no way for a credential to slip in. */
public final class SecretJson {

    private SecretJson() {
    }

    /** The create/update response: metadata only (spec §2.2). */
    public static ObjectNode summary(Secret secret) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", secret.id().toString());
        json.put("name", secret.name());
        json.put("description", secret.description());
        json.put("secret_type", secret.secretType().wire());
        json.put("auth_method", secret.authMethod().wire());
        json.put("created_at", DateTimeFormatter.ISO_INSTANT.format(secret.createdAt()));
        json.put("created_by", secret.createdBy());
        if (secret.external()) {
            json.put("vault_connection_id", secret.vaultConnectionId().toString());
        }
        return json;
    }

    public static String location(Secret secret) {
        return "/v1/teams/" + secret.teamId() + "/secrets/" + secret.id();
    }
}
