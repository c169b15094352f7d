package io.dataraven.secrets.team;

import io.dataraven.secrets.store.Refusal;

/** A create would take the team over its plan's cap. */
public final class TierLimitExceededException extends RuntimeException implements Refusal {

    private final Tier tier;
    private final int limit;

    public TierLimitExceededException(Tier tier, int limit) {
        super("tier limit of " + limit + " reached", null, false, false);
        this.tier = tier;
        this.limit = limit;
    }

    public Tier tier() {
        return tier;
    }

    public int limit() {
        return limit;
    }
}
