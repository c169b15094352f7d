package io.dataraven.secrets.team;

import java.util.Locale;
import java.util.Optional;

/** Plans and their caps (spec §6.1). A team never seen before is {@link #FREE}. */
public enum Tier {
    FREE(5, 1),
    PRO(100, 10);

    private final int secretLimit;
    private final int vaultConnectionLimit;

    Tier(int secretLimit, int vaultConnectionLimit) {
        this.secretLimit = secretLimit;
        this.vaultConnectionLimit = vaultConnectionLimit;
    }

    public int secretLimit() {
        return secretLimit;
    }

    public int vaultConnectionLimit() {
        return vaultConnectionLimit;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String displayName() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> fromWire(String value) {
        for (Tier tier : values()) {
            if (tier.wire().equals(value)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
