package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.sweep.CredentialOwners;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.pending;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;

/** The items that point at a credential parameter, across all teams: what the orphan sweeper compares against. */
public final class DynamoDbCredentialOwners implements CredentialOwners {

    private final DynamoDbTable table;

    public DynamoDbCredentialOwners(DynamoDbTable table) {
        this.table = table;
    }

    /** A Scan, projected to the few attributes needed: run by the scheduled sweeper only, never per request. */
    @Override
    public List<Owner> credentialOwners() {
        List<Owner> owners = new ArrayList<>();
        table.scan(scan -> scan.filterExpression("attribute_exists(credential_path)")
                        .projectionExpression("PK, entity, id, credential_path, pending, updated_at, created_at"),
                item -> owners.add(toOwner(item)));
        return owners;
    }

    private static Owner toOwner(Map<String, AttributeValue> item) {
        String since = str(item, "updated_at") != null ? str(item, "updated_at") : str(item, "created_at");
        return new Owner(Keys.teamId(item), str(item, "entity"), UUID.fromString(str(item, "id")),
                str(item, "credential_path"), pending(item), Instant.parse(since));
    }
}
