package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.team.TeamEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A team-events handler whose deletions run out of time: a TeamDeleted with {@code "hand_on": n} hands itself on
 * n times (-1: forever) through the App, as TeamEventsHandler does when its time budget is spent.
 */
public final class HandingOnHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final App app;
    private final Map<UUID, Integer> remaining = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> calls = new ConcurrentHashMap<>();

    public HandingOnHandler(App app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> envelope, Context context) {
        Map<?, ?> detail = (Map<?, ?>) envelope.get("detail");
        UUID team = UUID.fromString(String.valueOf(detail.get("team_id")));
        String detailType = String.valueOf(envelope.get("detail-type"));
        if (detail.get("hand_on") instanceof Number handOn) {
            remaining.put(team, handOn.intValue());
        }
        int call = calls.merge(team, 1, Integer::sum);
        int left = remaining.getOrDefault(team, 0);
        boolean complete = left == 0;
        if (!complete) {
            remaining.put(team, left - 1);
            app.teamEventContinuations().accept(new TeamEvent(detailType, team, null, 0, Instant.now()));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("detail_type", detailType);
        summary.put("source", envelope.get("source"));
        summary.put("team_id", team.toString());
        summary.put("call", call);
        summary.put("complete", complete);
        return summary;
    }
}
