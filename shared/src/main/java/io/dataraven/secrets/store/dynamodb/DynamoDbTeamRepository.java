package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.TeamRepository;
import io.dataraven.secrets.team.Tier;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.n;
import static io.dataraven.secrets.store.dynamodb.Attributes.s;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.CONNECTION_COUNT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.CONNECTION_LIMIT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.SECRET_COUNT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.SECRET_LIMIT;
import static io.dataraven.secrets.store.dynamodb.TeamItemUpdate.Field.TIER;

/** A team's item: its plan, its caps and the counters the secret and connection transactions move. */
public final class DynamoDbTeamRepository implements TeamRepository {

    private final DynamoDbTable table;

    public DynamoDbTeamRepository(DynamoDbTable table) {
        this.table = table;
    }

    @Override
    public Optional<Team> findTeam(UUID teamId) {
        return table.get(Keys.team(teamId)).map(item -> TeamItems.toTeam(teamId, item));
    }

    @Override
    public void setTier(UUID teamId, Tier tier) {
        table.update(Keys.team(teamId), update -> new TeamItemUpdate()
                .set(TIER, ":tier", s(tier.wire())).set(SECRET_LIMIT, ":limit", n(tier.secretLimit()))
                .keep(SECRET_COUNT).set(CONNECTION_LIMIT, ":vlimit", n(tier.vaultConnectionLimit()))
                .applyTo(update));
    }

    @Override
    public boolean applyPlan(UUID teamId, Tier tier, long order) {
        return table.updateIf(Keys.team(teamId), update -> new TeamItemUpdate()
                .set(TIER, ":tier", s(tier.wire())).set(SECRET_LIMIT, ":limit", n(tier.secretLimit()))
                .set(CONNECTION_LIMIT, ":vlimit", n(tier.vaultConnectionLimit()))
                .set("plan_order = :order", ":order", n(order)).keep(SECRET_COUNT)
                .applyTo(update)
                // Newest plan wins; a deleted team stays deleted.
                .conditionExpression("(attribute_not_exists(plan_order) OR plan_order < :order) "
                        + "AND attribute_not_exists(deleted_at)"));
    }

    @Override
    public void markDeleted(UUID teamId, Instant at, Instant retainUntil) {
        // Limits of zero make every create's condition fail from now on; expires_at is the table's TTL attribute.
        // Both counters exist from here on, so "count < limit" (0 < 0) refuses every create.
        table.update(Keys.team(teamId), update -> new TeamItemUpdate()
                .set("deleted_at = if_not_exists(deleted_at, :at)", ":at", s(at.toString()))
                .set(SECRET_LIMIT, ":zero", n(0)).set(CONNECTION_LIMIT, ":zero", n(0))
                .set("expires_at = :ttl", ":ttl", n(retainUntil.getEpochSecond()))
                .keep(SECRET_COUNT).keep(CONNECTION_COUNT).keep(TIER)
                .applyTo(update));
    }

    @Override
    public boolean isDeleted(UUID teamId) {
        return table.get(Keys.team(teamId)).map(item -> item.containsKey("deleted_at")).orElse(false);
    }
}
