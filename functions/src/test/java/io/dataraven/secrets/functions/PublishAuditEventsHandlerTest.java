package io.dataraven.secrets.functions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.audit.AuditPublisher;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Metadata;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.testing.TestTokens;
import io.dataraven.secrets.vault.VaultProviders;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit relay over a DynamoDB Streams batch as Lambda delivers it (events/publish-audit-events.json). */
class PublishAuditEventsHandlerTest {

    private static PublishAuditEventsHandler relayTo(AuditPublisher publisher) {
        return new PublishAuditEventsHandler(new App(new TestTokens().authenticator(), Metadata.of(new InMemoryStore()),
                new InMemoryCredentialStore(), new CredentialPaths("/dataraven/test"), Clock.systemUTC(),
                UUID::randomUUID, () -> new VaultProviders(List.of(), Map.of()), publisher));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sample() throws Exception {
        try (InputStream in = PublishAuditEventsHandlerTest.class.getClassLoader()
                .getResourceAsStream("events/publish-audit-events.json")) {
            return Databind.MAPPER.readValue(in, new TypeReference<>() {
            });
        }
    }

    /** The sample's record three times, with sequence numbers 1, 2, 3 and distinct event ids. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> batchOfThree() throws Exception {
        Map<String, Object> batch = sample();
        List<Object> records = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> record = Databind.MAPPER.convertValue(((List<Object>) batch.get("Records")).get(0),
                    new TypeReference<>() {
                    });
            Map<String, Object> change = (Map<String, Object>) record.get("dynamodb");
            change.put("SequenceNumber", String.valueOf(i));
            ((Map<String, Object>) change.get("NewImage")).put("PK",
                    Map.of("S", "AUDIT#00000000-0000-3000-8000-00000000000" + i));
            records.add(record);
        }
        batch.put("Records", records);
        return batch;
    }

    @Test
    void theSampleIsPublishedWithEveryField() throws Exception {
        InMemoryAuditLog log = new InMemoryAuditLog();

        Map<String, Object> out = relayTo(log).handleRequest(sample(), null);

        assertThat(out).isEqualTo(Map.of("batchItemFailures", List.of()));
        assertThat(log.events()).containsExactly(new AuditEvent(
                UUID.fromString("6f1f8a52-3c1e-3b7a-9d0e-2b4c5a6d7e8f"), "secret_created",
                UUID.fromString("3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71"), "secret",
                UUID.fromString("7d9e2c41-5a3b-4f6e-8c1d-2e4f6a8b0c13"), "prod-s3", "user", "user-42",
                "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "203.0.113.10", "curl/8.5.0",
                Instant.parse("2026-12-02T05:00:00Z")));
    }

    @Test
    void theFirstEventTheBusRefusesIsReportedAndNothingAfterItIsTried() throws Exception {
        List<String> tried = new ArrayList<>();
        AuditPublisher secondFails = event -> {
            tried.add(event.id().toString());
            if (tried.size() == 2) {
                throw new IllegalStateException("EventBridge unavailable");
            }
        };

        Map<String, Object> out = relayTo(secondFails).handleRequest(batchOfThree(), null);

        // Lambda resumes from record 2: it and 3 come again, 1 does not.
        assertThat(out).isEqualTo(Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", "2"))));
        assertThat(tried).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsThatAreNoOutboxInsertsAreSkipped() throws Exception {
        Map<String, Object> batch = batchOfThree();
        List<Map<String, Object>> records = (List<Map<String, Object>>) batch.get("Records");
        records.get(0).put("eventName", "REMOVE"); // the TTL removing an outbox item
        ((Map<String, Object>) ((Map<String, Object>) records.get(1).get("dynamodb")).get("NewImage"))
                .put("PK", Map.of("S", "TEAM#3f1c2a9e-7b4d-4e6a-9c1f-0d2b8e5a4c71"));
        InMemoryAuditLog log = new InMemoryAuditLog();

        Map<String, Object> out = relayTo(log).handleRequest(batch, null);

        assertThat(out).isEqualTo(Map.of("batchItemFailures", List.of()));
        assertThat(log.events()).extracting(e -> e.id().toString())
                .containsExactly("00000000-0000-3000-8000-000000000003");
    }

    @Test
    void anEmptyOrForeignBatchPublishesNothing() {
        InMemoryAuditLog log = new InMemoryAuditLog();
        assertThat(relayTo(log).handleRequest(Map.of(), null)).isEqualTo(Map.of("batchItemFailures", List.of()));
        assertThat(relayTo(log).handleRequest(null, null)).isEqualTo(Map.of("batchItemFailures", List.of()));
        assertThat(log.events()).isEmpty();
    }
}
