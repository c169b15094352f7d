package io.dataraven.secrets.team;

import java.util.UUID;

/** The per-team quota record: its tier, the limits in force and how much is used. */
public record Team(UUID id, Tier tier, int secretCount, int secretLimit) {

    public static Team unseen(UUID id) {
        return new Team(id, Tier.FREE, 0, Tier.FREE.secretLimit());
    }
}
