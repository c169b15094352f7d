package io.dataraven.secrets.team;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * One event from the team service, read from the EventBridge envelope. Detail-types: {@code TeamCreated}
 * ({@code team_id}, optional {@code tier}), {@code TeamPlanChanged} ({@code team_id}, {@code tier}, optional
 * {@code plan_version}), {@code TeamDeleted} ({@code team_id}); plus our own {@code TeamDeletionContinued}.
 *
 * @param order what orders plan changes: the detail's {@code plan_version} when the team service sends one,
 *              otherwise the envelope's time in epoch milliseconds (EventBridge times have second precision, so
 *              two changes within one second need a version to be told apart), and 0 for a {@code TeamCreated}
 *              without a version. The team service should send versions on every plan change or on none.
 * @param hops  how many times this deletion has been handed on already: 0 for a {@code TeamDeleted}, the
 *              detail's {@code hops} for a {@code TeamDeletionContinued} (0 when absent, as in continuations
 *              published before the count existed)
 */
public record TeamEvent(String detailType, UUID teamId, Tier tier, long order, Instant time, int hops) {

    public static final String CREATED = "TeamCreated";
    public static final String PLAN_CHANGED = "TeamPlanChanged";
    public static final String DELETED = "TeamDeleted";
    public static final String DELETION_CONTINUED = "TeamDeletionContinued";

    /** An event that was never handed on. */
    public TeamEvent(String detailType, UUID teamId, Tier tier, long order, Instant time) {
        this(detailType, teamId, tier, order, time, 0);
    }

    /** The detail of the {@code TeamDeletionContinued} that hands this deletion on: one hop more. */
    public Map<String, Object> continuationDetail() {
        return Map.of("team_id", teamId.toString(), "hops", hops + 1);
    }

    /** @throws IllegalArgumentException a malformed event: it goes to the dead-letter queue, not silently away */
    public static TeamEvent fromEnvelope(Map<String, Object> envelope) {
        if (envelope == null) {
            throw new IllegalArgumentException("empty event");
        }
        Object type = envelope.get("detail-type");
        if (!(type instanceof String detailType)) {
            throw new IllegalArgumentException("event has no detail-type");
        }
        if (!(envelope.get("detail") instanceof Map<?, ?> detail)) {
            throw new IllegalArgumentException(detailType + " has no detail object");
        }
        UUID team;
        try {
            team = UUID.fromString(String.valueOf(detail.get("team_id")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(detailType + " has no valid team_id");
        }
        Instant time;
        try {
            time = envelope.get("time") == null ? Instant.EPOCH : Instant.parse(String.valueOf(envelope.get("time")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(detailType + " has an invalid time");
        }
        Tier tier = null;
        if (detail.get("tier") != null) {
            tier = Tier.fromWire(String.valueOf(detail.get("tier")))
                    .orElseThrow(() -> new IllegalArgumentException(detailType + " has an unknown tier"));
        } else if (PLAN_CHANGED.equals(detailType)) {
            throw new IllegalArgumentException("TeamPlanChanged needs a tier");
        }
        long order;
        if (detail.get("plan_version") instanceof Number version) {
            order = version.longValue();
        } else {
            // A creation is a team's first event: it must never outrank a later, versioned plan change.
            order = CREATED.equals(detailType) ? 0 : time.toEpochMilli();
        }
        int hops = 0;
        Object count = DELETION_CONTINUED.equals(detailType) ? detail.get("hops") : null;
        if (count != null) {
            // Whole numbers only (JSON readers make Integer or Long of them); a bad count must not reset the bound.
            if (!(count instanceof Integer || count instanceof Long) || ((Number) count).longValue() < 0) {
                throw new IllegalArgumentException(detailType + " has an invalid hops count");
            }
            hops = (int) Math.min(Integer.MAX_VALUE, ((Number) count).longValue());
        }
        return new TeamEvent(detailType, team, tier, order, time, hops);
    }
}
