package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.team.Team;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.team.TierLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.dynamodb.Attributes.num;
import static io.dataraven.secrets.store.dynamodb.Attributes.str;

/** A team's item read back: its plan and counters, and the cap a refused create ran into. */
final class TeamItems {

    private TeamItems() {
    }

    static Team toTeam(UUID teamId, Map<String, AttributeValue> item) {
        Tier tier = tier(item);
        return new Team(teamId, tier, num(item, "secret_count", 0), num(item, "secret_limit", tier.secretLimit()));
    }

    /** The secret cap, from the team item as it was when the counter's condition failed (null: never seen). */
    static TierLimitExceededException secretLimitExceeded(Map<String, AttributeValue> old) {
        Tier tier = tier(old);
        return new TierLimitExceededException(tier, old == null ? tier.secretLimit()
                : num(old, "secret_limit", tier.secretLimit()));
    }

    /** The vault connection cap, likewise. */
    static TierLimitExceededException connectionLimitExceeded(Map<String, AttributeValue> old) {
        Tier tier = tier(old);
        return new TierLimitExceededException(tier, old == null ? tier.vaultConnectionLimit()
                : num(old, "vault_connection_limit", tier.vaultConnectionLimit()));
    }

    static Tier tier(Map<String, AttributeValue> item) {
        return item == null ? Tier.FREE : Tier.fromWire(str(item, "tier")).orElse(Tier.FREE);
    }
}
