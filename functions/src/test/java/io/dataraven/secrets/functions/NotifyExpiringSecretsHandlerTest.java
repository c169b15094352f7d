package io.dataraven.secrets.functions;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NotifyExpiringSecretsHandlerTest {

    private final TestApp t = new TestApp();

    @Test
    @SuppressWarnings("unchecked")
    void theScheduledSampleSendsTheDueWarningOnceAndSaysWhatItDid() throws Exception {
        UUID team = UUID.randomUUID();
        Instant expiry = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        t.app.secretService().create(new Principal("admin", Map.of(team, Role.ADMIN)), team,
                SecretRequests.create(TestApp.json("""
                        {"name": "archive", "secret_type": "azure_blob", "auth_method": "azure_sas_url",
                         "credentials": {"sas_url": "https://acme.blob.core.windows.net/c?se=%s&sig=abc"}}"""
                        .formatted(expiry))));
        Map<String, Object> scheduled = Databind.MAPPER.readValue(
                Files.readString(Path.of("../events/notify-expiring-secrets.json")), Map.class);
        NotifyExpiringSecretsHandler handler = new NotifyExpiringSecretsHandler(t.app);

        assertThat(handler.handleRequest(scheduled, null)).isEqualTo(Map.of("scanned", 1, "published", 1,
                "already_sent", 0, "failed", 0));
        assertThat(handler.handleRequest(scheduled, null)).containsEntry("published", 0).containsEntry("already_sent", 1);

        assertThat(t.store.auditEvents()).filteredOn(e -> e.eventType().equals("secret_expiring"))
                .singleElement().extracting(AuditEvent::details)
                .isEqualTo(Map.of("expires_at", expiry.toString(), "threshold_days", "7"));
    }
}
