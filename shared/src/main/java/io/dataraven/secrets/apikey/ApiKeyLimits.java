package io.dataraven.secrets.apikey;

import io.dataraven.secrets.team.Tier;

/**
 * The cap on a team's active API keys per plan. Upstream documents that a cap exists but not its numbers (spec
 * §6.1), so ours are settings: API_KEY_LIMIT_FREE (default 2) and API_KEY_LIMIT_PRO (default 25).
 */
public record ApiKeyLimits(int free, int pro) {

    public static final ApiKeyLimits DEFAULTS = new ApiKeyLimits(2, 25);

    public ApiKeyLimits {
        if (free < 0 || pro < 0) {
            throw new IllegalArgumentException("API key limits must not be negative");
        }
    }

    public int of(Tier tier) {
        return tier == Tier.PRO ? pro : free;
    }
}
