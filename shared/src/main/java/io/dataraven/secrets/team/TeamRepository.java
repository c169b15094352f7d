package io.dataraven.secrets.team;

import java.util.Optional;
import java.util.UUID;

/** Port to the team quota records. */
public interface TeamRepository {

    /** The team's record, or empty for a team never seen (which counts as Free). */
    Optional<Team> findTeam(UUID teamId);

    /** Sets the tier and the limits that go with it; the usage counters are kept. */
    void setTier(UUID teamId, Tier tier);
}
