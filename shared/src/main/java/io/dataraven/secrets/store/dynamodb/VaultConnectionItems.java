package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultSettings;
import io.dataraven.secrets.vault.VaultType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.pending;
import static io.dataraven.secrets.store.dynamodb.Attributes.putIfPresent;
import static io.dataraven.secrets.store.dynamodb.Attributes.putVersionAndState;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;
import static io.dataraven.secrets.store.dynamodb.Attributes.version;

/** A vault connection's item (with the count of secrets that use it) and its name lock. */
final class VaultConnectionItems {

    private VaultConnectionItems() {
    }

    static Map<String, AttributeValue> nameLock(VaultConnection connection) {
        return NameLocks.item(Keys.connectionName(connection.teamId(), connection.normalizedName()),
                "vault_connection_name", "connection_id", connection.id());
    }

    static Map<String, AttributeValue> item(VaultConnection connection) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.connection(connection.teamId(), connection.id()));
        item.put("entity", s("vault_connection"));
        item.put("id", s(connection.id().toString()));
        item.put("name", s(connection.name()));
        putIfPresent(item, "description", connection.description());
        item.put("vault_type", s(connection.vaultType().wire()));
        // Settings are attributes under their request names (VaultConnectionItemsTest keeps them off the item's own).
        connection.settings().values().forEach((name, value) -> putIfPresent(item, name, value));
        item.put("created_at", s(connection.createdAt().toString()));
        item.put("created_by", s(connection.createdBy()));
        item.put("updated_at", s(connection.updatedAt().toString()));
        item.put("updated_by", s(connection.updatedBy()));
        if (connection.lastVerifiedAt() != null) {
            item.put("last_verified_at", s(connection.lastVerifiedAt().toString()));
        }
        putIfPresent(item, "credential_path", connection.credentialPath());
        putVersionAndState(item, connection.credentialVersion(), connection.pending());
        item.put("secret_ref_count", n(0));
        return item;
    }

    static VaultConnection toVaultConnection(Map<String, AttributeValue> item) {
        String verified = str(item, "last_verified_at");
        String created = str(item, "created_at");
        String updated = str(item, "updated_at");
        VaultType type = VaultType.fromWire(str(item, "vault_type")).orElseThrow();
        Map<String, String> settings = new LinkedHashMap<>();
        type.settingFields().forEach(field -> settings.put(field.name(), str(item, field.name())));
        return new VaultConnection(UUID.fromString(str(item, "id")), Keys.teamId(item), str(item, "name"),
                str(item, "description"), type, new VaultSettings(settings),
                Instant.parse(created), str(item, "created_by"),
                updated == null ? Instant.parse(created) : Instant.parse(updated),
                str(item, "updated_by") == null ? str(item, "created_by") : str(item, "updated_by"),
                verified == null ? null : Instant.parse(verified), str(item, "credential_path"),
                version(item), pending(item));
    }
}
