package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.team.TeamEvent;
import io.dataraven.secrets.team.Tier;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The EventBridge samples of events/ through the handler, as the rule target would deliver them. */
class TeamEventsHandlerTest {

    private final TestApp t = new TestApp();
    private final TeamEventsHandler handler = new TeamEventsHandler(t.app);

    private static UUID team(Map<String, Object> envelope) {
        return UUID.fromString(String.valueOf(((Map<?, ?>) envelope.get("detail")).get("team_id")));
    }

    @ParameterizedTest
    @Event(value = "events/team-plan-changed.json", type = Map.class)
    void planChangedSampleSetsTheTierOnce(Map<String, Object> envelope) {
        Map<String, Object> first = handler.handleRequest(envelope, null);
        assertThat(first).containsEntry("action", "plan_changed").containsEntry("complete", true);
        assertThat(t.store.findTeam(team(envelope)).orElseThrow().tier()).isEqualTo(Tier.PRO);
        assertThat(handler.handleRequest(envelope, null)).containsEntry("action", "ignored_stale");
    }

    @ParameterizedTest
    @Event(value = "events/team-created.json", type = Map.class)
    void createdSampleStartsTheTeamOnItsTier(Map<String, Object> envelope) {
        assertThat(handler.handleRequest(envelope, null)).containsEntry("action", "created");
        assertThat(t.store.findTeam(team(envelope)).orElseThrow().tier()).isEqualTo(Tier.FREE);
    }

    @ParameterizedTest
    @Event(value = "events/team-deleted.json", type = Map.class)
    void deletedSampleRemovesTheTeamsSecrets(Map<String, Object> envelope) {
        UUID team = team(envelope);
        Principal admin = new Principal("a", Map.of(team, Role.ADMIN));
        for (int i = 0; i < 3; i++) {
            t.app.secretService().create(admin, team, SecretRequests.create(TestApp.directS3("s" + i)));
        }
        Map<String, Object> summary = handler.handleRequest(envelope, null);
        assertThat(summary).containsEntry("action", "deleted").containsEntry("secrets_deleted", 3);
        assertThat(t.store.listSecrets(team)).isEmpty();
        assertThat(t.credentials.paths()).isEmpty();
        assertThat(t.app.pollContinuation()).isNull();
    }

    @Test
    void anUnfinishedDeletionIsHandedOnAsAContinuation() {
        UUID team = UUID.randomUUID();
        Principal admin = new Principal("a", Map.of(team, Role.ADMIN));
        t.app.secretService().create(admin, team, SecretRequests.create(TestApp.directS3("s")));
        Map<String, Object> envelope = new HashMap<>(Map.of("detail-type", "TeamDeleted", "time", "2026-11-27T10:00:00Z",
                "detail", Map.of("team_id", team.toString())));
        Map<String, Object> summary = handler.handleRequest(envelope, new NoTimeLeft());
        assertThat(summary).containsEntry("complete", false);
        TeamEvent continuation = t.app.pollContinuation();
        assertThat(continuation.teamId()).isEqualTo(team);
        assertThat(continuation.continuationDetail()).containsEntry("hops", 1);
        assertThat(t.store.listSecrets(team)).hasSize(1);
    }

    @Test
    void malformedEventsFailSoTheyReachTheDeadLetterQueue() {
        assertThatThrownBy(() -> handler.handleRequest(Map.of("detail-type", "TeamPlanChanged",
                "detail", Map.of("team_id", "nope")), null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A Lambda context whose time is already up. */
    private static final class NoTimeLeft implements com.amazonaws.services.lambda.runtime.Context {
        public String getAwsRequestId() { return "r"; }
        public String getLogGroupName() { return null; }
        public String getLogStreamName() { return null; }
        public String getFunctionName() { return "TeamEventsFunction"; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return null; }
        public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
        public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 1_000; }
        public int getMemoryLimitInMB() { return 1024; }
        public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() { return null; }
    }
}
