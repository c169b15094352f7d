package io.dataraven.secrets.secret;

import io.dataraven.secrets.credential.CredentialValidity;

import java.util.TreeMap;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.PageRequest;

import java.time.format.DateTimeFormatter;

/** Secret -> response JSON, written field by field: no reflection, and no way for a credential to slip in. */
public final class SecretJson {

    private SecretJson() {
    }

    /** The create/update response: metadata only (spec §2.2). */
    public static ObjectNode summary(Secret secret) {
        ObjectNode json = Json.object();
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

    /**
     * A list item: the summary plus updated_at, the window the credentials carry (a SAS URL's st=/se=; null when
     * unknown) and, for external secrets, the vault type.
     */
    public static ObjectNode listItem(Secret secret) {
        ObjectNode json = summary(secret);
        json.put("updated_at", DateTimeFormatter.ISO_INSTANT.format(secret.updatedAt()));
        CredentialValidity validity = secret.validity();
        json.put("expires_at", validity == null || validity.expiresAt() == null ? null
                : DateTimeFormatter.ISO_INSTANT.format(validity.expiresAt()));
        json.put("not_before", validity == null || validity.notBefore() == null ? null
                : DateTimeFormatter.ISO_INSTANT.format(validity.notBefore()));
        if (secret.external()) {
            json.put("vault_type", secret.vaultType().wire());
        }
        json.set("last_verification", verification(secret));
        return json;
    }

    /**
     * The last check against the provider, or null when never checked (or since new credentials were written):
     * when, whether it passed, why not, the version it checked and whether that is still the current one.
     */
    private static ObjectNode verification(Secret secret) {
        Verification last = secret.verification();
        if (last == null) {
            return null;
        }
        ObjectNode json = Json.object();
        json.put("checked_at", DateTimeFormatter.ISO_INSTANT.format(last.checkedAt()));
        json.put("ok", last.ok());
        json.put("reason", last.reason());
        json.put("version", last.version());
        json.put("current", last.current(secret));
        return json;
    }

    public static ObjectNode page(PageRequest.Page<Secret> page) {
        return page.toJson(SecretJson::listItem);
    }

    /**
     * The detail view (spec §2.3) for the fields this service owns; locations and tasks belong to other services.
     * References are pointers into the team's vault, not secret values, so they are shown.
     */
    public static ObjectNode detail(Secret secret, String vaultConnectionName) {
        ObjectNode json = listItem(secret);
        json.put("updated_by", secret.updatedBy());
        json.put("vault_connection_id", secret.external() ? secret.vaultConnectionId().toString() : null);
        json.put("vault_connection_name", vaultConnectionName);
        json.put("vault_type", secret.external() ? secret.vaultType().wire() : null);
        ObjectNode mappings = json.putObject("external_field_mappings");
        if (secret.external()) {
            new TreeMap<>(secret.fieldMappings()).forEach(mappings::put);
        } else {
            json.putNull("external_field_mappings");
        }
        return json;
    }

    /** A credential version as listed: never a value. */
    public static ObjectNode version(CredentialVersion version, Long current) {
        ObjectNode json = Json.object();
        json.put("version", version.version());
        json.put("created_at", DateTimeFormatter.ISO_INSTANT.format(version.createdAt()));
        json.put("created_by", version.createdBy());
        json.put("auth_method", version.authMethod().wire());
        json.put("current", current != null && current == version.version());
        return json;
    }

    /** A secret after a rollback: the list item plus its current version. */
    public static ObjectNode rolledBack(Secret secret) {
        ObjectNode json = listItem(secret);
        json.put("current_version", secret.credentialVersion());
        return json;
    }
}
