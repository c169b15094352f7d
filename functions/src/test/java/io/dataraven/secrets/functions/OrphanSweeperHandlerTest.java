package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrphanSweeperHandlerTest {

    @ParameterizedTest
    @Event(value = "events/orphan-sweep.json", type = Map.class)
    void scheduledSampleRunsOneSweepAndReportsIt(Map<String, Object> scheduled) {
        TestApp t = new TestApp();
        t.seedDirectSecret(UUID.randomUUID(), UUID.randomUUID(), "owned");
        // written just now: within the grace period, so it stays
        t.credentials.create(TestApp.PATH_PREFIX + "/teams/" + UUID.randomUUID() + "/secrets/" + UUID.randomUUID(),
                new Credentials(Map.of("k", "v")));

        Map<String, Object> summary = new OrphanSweeperHandler(t.app).handleRequest(scheduled, null);

        assertThat(summary).containsEntry("scanned", 2).containsEntry("deleted", 0).containsEntry("too_young", 1)
                .containsEntry("problems", 0).containsEntry("abandoned_creates", 0);
        assertThat(t.credentials.paths()).hasSize(2);
    }
}
