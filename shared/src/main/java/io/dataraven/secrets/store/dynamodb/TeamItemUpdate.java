package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.team.Tier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;

/**
 * One SET on a team's item, which creates the item when the team was never seen: a team has no item until its first
 * write, so each write sets what it changes and gives every other attribute it relies on the value a new team starts
 * with ({@link #keep}: Free, no secrets, no connections). Clauses appear in the order they are added.
 */
final class TeamItemUpdate {

    /** The team item's attributes that writes name by placeholder, each with the value an unseen team starts with. */
    enum Field {
        TIER("#tier", "tier", ":free", s(Tier.FREE.wire())),
        SECRET_COUNT("#count", "secret_count", ":zero", n(0)),
        SECRET_LIMIT("#limit", "secret_limit", ":free_limit", n(Tier.FREE.secretLimit())),
        CONNECTION_COUNT("#vcount", "vault_connection_count", ":zero", n(0)),
        CONNECTION_LIMIT("#vlimit", "vault_connection_limit", ":free_vlimit", n(Tier.FREE.vaultConnectionLimit()));

        private final String alias;
        private final String attribute;
        private final String initialPlaceholder;
        private final AttributeValue initial;

        Field(String alias, String attribute, String initialPlaceholder, AttributeValue initial) {
            this.alias = alias;
            this.attribute = attribute;
            this.initialPlaceholder = initialPlaceholder;
            this.initial = initial;
        }
    }

    private final List<String> clauses = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>(Map.of(":team", s("team")));

    /** The field as it is, or its unseen-team value where the item (or the attribute) does not exist yet. */
    TeamItemUpdate keep(Field field) {
        return clause(field, field.alias + " = if_not_exists(" + field.alias + ", " + field.initialPlaceholder + ")",
                field.initialPlaceholder, field.initial);
    }

    /** A counter one up, from zero where it does not exist yet. */
    TeamItemUpdate increment(Field counter) {
        value(":one", n(1));
        return clause(counter, counter.alias + " = if_not_exists(" + counter.alias + ", "
                + counter.initialPlaceholder + ") + :one", counter.initialPlaceholder, counter.initial);
    }

    TeamItemUpdate set(Field field, String placeholder, AttributeValue value) {
        return clause(field, field.alias + " = " + placeholder, placeholder, value);
    }

    /** A clause on an attribute outside {@link Field}, written out, with the one value it names. */
    TeamItemUpdate set(String clause, String placeholder, AttributeValue value) {
        clauses.add(clause);
        value(placeholder, value);
        return this;
    }

    /** A value the caller's condition names (the update's placeholders and values go in one map). */
    TeamItemUpdate conditionValue(String placeholder, AttributeValue value) {
        value(placeholder, value);
        return this;
    }

    Update.Builder applyTo(Update.Builder update) {
        return update.updateExpression(expression()).expressionAttributeNames(names).expressionAttributeValues(values);
    }

    UpdateItemRequest.Builder applyTo(UpdateItemRequest.Builder update) {
        return update.updateExpression(expression()).expressionAttributeNames(names).expressionAttributeValues(values);
    }

    private String expression() {
        return "SET " + String.join(", ", clauses) + ", entity = :team";
    }

    private TeamItemUpdate clause(Field field, String clause, String placeholder, AttributeValue value) {
        names.put(field.alias, field.attribute);
        clauses.add(clause);
        value(placeholder, value);
        return this;
    }

    private void value(String placeholder, AttributeValue value) {
        AttributeValue earlier = values.putIfAbsent(placeholder, value);
        if (earlier != null && !earlier.equals(value)) {
            throw new IllegalArgumentException(placeholder + " named for two values");
        }
    }
}
