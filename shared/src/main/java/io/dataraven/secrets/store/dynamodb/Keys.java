package io.dataraven.secrets.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;

/** The table's key scheme (the README's table layout): one partition per team, its items told apart by sort key. */
final class Keys {

    static final String PK = "PK";
    static final String SK = "SK";
    static final String TEAM_PREFIX = "TEAM#";
    static final String TEAM_SK = "TEAM";
    static final String SECRET_PREFIX = "SECRET#";
    static final String SECRET_NAME_PREFIX = "SECRETNAME#";
    static final String CONNECTION_PREFIX = "VAULTCONN#";
    static final String CONNECTION_NAME_PREFIX = "VAULTCONNNAME#";
    static final String API_KEY_PREFIX = "APIKEY#";

    private Keys() {
    }

    static String teamPk(UUID teamId) {
        return TEAM_PREFIX + teamId;
    }

    /** The team an item belongs to, read from its partition key. */
    static UUID teamId(Map<String, AttributeValue> item) {
        return UUID.fromString(str(item, PK).substring(TEAM_PREFIX.length()));
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static Map<String, AttributeValue> team(UUID teamId) {
        return key(teamPk(teamId), TEAM_SK);
    }

    static Map<String, AttributeValue> secret(UUID teamId, UUID secretId) {
        return key(teamPk(teamId), SECRET_PREFIX + secretId);
    }

    static Map<String, AttributeValue> secretName(UUID teamId, String normalizedName) {
        return key(teamPk(teamId), SECRET_NAME_PREFIX + normalizedName);
    }

    static Map<String, AttributeValue> connection(UUID teamId, UUID connectionId) {
        return key(teamPk(teamId), CONNECTION_PREFIX + connectionId);
    }

    static Map<String, AttributeValue> apiKey(UUID teamId, String keyId) {
        return key(teamPk(teamId), API_KEY_PREFIX + keyId);
    }

    static Map<String, AttributeValue> connectionName(UUID teamId, String normalizedName) {
        return key(teamPk(teamId), CONNECTION_NAME_PREFIX + normalizedName);
    }
}
