package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.secret.CredentialVersion;
import java.util.ArrayList;
import java.util.List;
import static io.dataraven.secrets.store.dynamodb.Attributes.instant;
import static io.dataraven.secrets.store.dynamodb.Attributes.n;

import io.dataraven.secrets.credential.CredentialValidity;

import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.SecretType;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.Verification;
import io.dataraven.secrets.vault.VaultType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.pending;
import static io.dataraven.secrets.store.dynamodb.Attributes.putIfPresent;
import static io.dataraven.secrets.store.dynamodb.Attributes.putVersionAndState;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;
import static io.dataraven.secrets.store.dynamodb.Attributes.version;

/** A secret's item (metadata only: the credential values live in the credential store) and its name lock. */
final class SecretItems {

    private SecretItems() {
    }

    /** The sparse index of secrets with a known expiry: one partition, sorted by the expiry (an ISO string). */
    static final String EXPIRY_INDEX = "ExpiringSecrets";
    static final String EXPIRY_INDEX_KEY = "expiry_index";
    static final String EXPIRY_INDEX_PARTITION = "secret";

    static Map<String, AttributeValue> nameLock(Secret secret) {
        return NameLocks.item(Keys.secretName(secret.teamId(), secret.normalizedName()), "secret_name", "secret_id",
                secret.id());
    }

    static Map<String, AttributeValue> item(Secret secret) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.secret(secret.teamId(), secret.id()));
        item.put("entity", s("secret"));
        item.put("id", s(secret.id().toString()));
        item.put("name", s(secret.name()));
        item.put("name_normalized", s(secret.normalizedName()));
        putIfPresent(item, "description", secret.description());
        item.put("secret_type", s(secret.secretType().wire()));
        item.put("auth_method", s(secret.authMethod().wire()));
        item.put("created_at", s(secret.createdAt().toString()));
        item.put("created_by", s(secret.createdBy()));
        item.put("updated_at", s(secret.updatedAt().toString()));
        item.put("updated_by", s(secret.updatedBy()));
        putIfPresent(item, "credential_path", secret.credentialPath());
        putVersionAndState(item, secret.credentialVersion(), secret.pending());
        if (!secret.versions().isEmpty()) {
            item.put("credential_versions", AttributeValue.builder().l(secret.versions().stream()
                    .map(SecretItems::versionEntry).toList()).build());
        }
        // The credentials' own window; never expires_at, the table's TTL attribute (it would delete the secret).
        if (secret.validity() != null) {
            putValidity(item, secret.validity(), "credential_not_before", "credential_expires_at");
            if (secret.validity().expiresAt() != null && !secret.pending()) {
                // What puts an active secret in the sparse ExpiringSecrets index (no attribute: not in it).
                item.put(EXPIRY_INDEX_KEY, s(EXPIRY_INDEX_PARTITION));
            }
        }
        if (secret.verification() != null) {
            item.put(VERIFICATION, verificationEntry(secret.verification()));
        }
        if (secret.external()) {
            item.put("vault_connection_id", s(secret.vaultConnectionId().toString()));
            item.put("vault_type", s(secret.vaultType().wire()));
            Map<String, AttributeValue> mappings = new HashMap<>();
            secret.fieldMappings().forEach((field, ref) -> mappings.put(field, s(ref)));
            item.put("field_mappings", AttributeValue.builder().m(mappings).build());
        }
        return item;
    }

    static Secret toSecret(Map<String, AttributeValue> item) {
        String connection = str(item, "vault_connection_id");
        Map<String, String> mappings = null;
        if (item.containsKey("field_mappings")) {
            mappings = new HashMap<>();
            for (Map.Entry<String, AttributeValue> e : item.get("field_mappings").m().entrySet()) {
                mappings.put(e.getKey(), e.getValue().s());
            }
        }
        return new Secret(UUID.fromString(str(item, "id")), Keys.teamId(item),
                str(item, "name"), str(item, "description"),
                SecretType.fromWire(str(item, "secret_type")).orElseThrow(),
                AuthMethod.fromWire(str(item, "auth_method")).orElseThrow(),
                Instant.parse(str(item, "created_at")), str(item, "created_by"),
                Instant.parse(str(item, "updated_at")), str(item, "updated_by"),
                str(item, "credential_path"),
                connection == null ? null : UUID.fromString(connection),
                connection == null ? null : VaultType.fromWire(str(item, "vault_type")).orElseThrow(),
                mappings, version(item), pending(item),
                validity(item, "credential_not_before", "credential_expires_at"), versions(item),
                verification(item));
    }

    /** The attribute holding the last verification: one map, the only one the verify function may set. */
    static final String VERIFICATION = "last_verification";

    /** at, ok, reason (when not ok), v (the credential version checked; none for an external secret). */
    static AttributeValue verificationEntry(Verification verification) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("at", s(verification.checkedAt().toString()));
        m.put("ok", AttributeValue.builder().bool(verification.ok()).build());
        if (verification.reason() != null) {
            m.put("reason", s(verification.reason()));
        }
        if (verification.version() != null) {
            m.put("v", n(verification.version()));
        }
        return AttributeValue.builder().m(m).build();
    }

    private static Verification verification(Map<String, AttributeValue> item) {
        AttributeValue entry = item.get(VERIFICATION);
        if (entry == null || !entry.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = entry.m();
        AttributeValue v = m.get("v");
        return new Verification(instant(m, "at"), Boolean.TRUE.equals(m.get("ok").bool()), str(m, "reason"),
                v == null ? null : Long.valueOf(v.n()));
    }

    /** One listed credential version as a map: v, at, by, method, and the window's bounds where known. */
    private static AttributeValue versionEntry(CredentialVersion version) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("v", n(version.version()));
        m.put("at", s(version.createdAt().toString()));
        m.put("by", s(version.createdBy()));
        m.put("method", s(version.authMethod().wire()));
        if (version.validity() != null) {
            putValidity(m, version.validity(), "not_before", "expires_at");
        }
        return AttributeValue.builder().m(m).build();
    }

    private static List<CredentialVersion> versions(Map<String, AttributeValue> item) {
        AttributeValue listed = item.get("credential_versions");
        if (listed == null || !listed.hasL()) {
            return List.of();
        }
        List<CredentialVersion> versions = new ArrayList<>();
        for (AttributeValue entry : listed.l()) {
            Map<String, AttributeValue> m = entry.m();
            versions.add(new CredentialVersion(Long.parseLong(m.get("v").n()), instant(m, "at"), str(m, "by"),
                    AuthMethod.fromWire(str(m, "method")).orElseThrow(), validity(m, "not_before", "expires_at")));
        }
        return versions;
    }

    /** A validity window's bounds, under the names the map (the item, or a version entry) gives them. */
    private static void putValidity(Map<String, AttributeValue> map, CredentialValidity validity, String notBefore,
                                    String expiresAt) {
        putIfPresent(map, notBefore, validity.notBefore());
        putIfPresent(map, expiresAt, validity.expiresAt());
    }

    private static CredentialValidity validity(Map<String, AttributeValue> map, String notBefore, String expiresAt) {
        Instant start = instant(map, notBefore);
        Instant expiry = instant(map, expiresAt);
        return start == null && expiry == null ? null : new CredentialValidity(start, expiry);
    }
}
