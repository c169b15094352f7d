package io.dataraven.secrets.team;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Port to the team quota records. */
public interface TeamRepository {

    /** The team's record, or empty for a team never seen (which counts as Free). */
    Optional<Team> findTeam(UUID teamId);

    /** Sets the tier and the limits that go with it; the usage counters are kept. (Local shortcut and tests.) */
    void setTier(UUID teamId, Tier tier);

    /**
     * Applies a plan change from the team service, unless a newer one (higher {@code order}) was applied already or
     * the team was deleted: events arrive twice or out of order. Usage counters are kept, so a downgrade leaves
     * existing secrets alone and blocks creates until the team is under the new limit.
     *
     * @return whether it was applied
     */
    boolean applyPlan(UUID teamId, Tier tier, long order);

    /**
     * Marks the team deleted: its limits drop to zero (so no create can succeed any more) and later plan changes
     * are ignored. The record itself expires {@code retainUntil}. Idempotent.
     */
    void markDeleted(UUID teamId, Instant at, Instant retainUntil);

    /** Whether {@link #markDeleted} happened for this team. */
    boolean isDeleted(UUID teamId);
}
