package io.dataraven.secrets.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Databind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** Log lines as CloudWatch and Lambda's JSON log format read them: one JSON object per line. */
class JsonLogFormatterTest {

    @AfterEach
    void clear() {
        LogContext.clear();
    }

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("io.dataraven.secrets.api");
        record.setInstant(Instant.parse("2026-12-02T06:00:00.123Z"));
        record.setThrown(thrown);
        return record;
    }

    @Test
    void aRecordIsOneJsonLineWithTheInvocationsFields() throws Exception {
        Invocations.begin("req-1", "CreateSecretFunction", "7");
        LogContext.put("route", "POST /v1/teams/{team_id}/secrets");
        LogContext.put("status", 201);
        LogContext.put("latency_ms", 12.5);

        String line = new JsonLogFormatter().format(record(Level.INFO, "POST /v1/teams/{team_id}/secrets -> 201\n"
                + "\"quoted\"", null));

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = Databind.MAPPER.readTree(line);
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-12-02T06:00:00.123Z");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("logger").asText()).isEqualTo("io.dataraven.secrets.api");
        assertThat(json.get("message").asText()).endsWith("201\n\"quoted\"");
        assertThat(json.get("request_id").asText()).isEqualTo("req-1");
        assertThat(json.get("route").asText()).isEqualTo("POST /v1/teams/{team_id}/secrets");
        assertThat(json.get("status").asInt()).isEqualTo(201);
        assertThat(json.get("latency_ms").asDouble()).isEqualTo(12.5);
        assertThat(json.has("cold_start")).isTrue();
    }

    @Test
    void anExceptionAddsItsTypeButNeverItsMessage() throws Exception {
        String line = new JsonLogFormatter().format(record(Level.SEVERE, "unhandled",
                new IllegalStateException("secret_access_key=wJalrXUtnFEMI")));

        JsonNode json = Databind.MAPPER.readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("ERROR");
        assertThat(json.get("error_type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void fieldsEndWithTheirInvocation() throws Exception {
        Invocations.begin("req-1", null, null);
        LogContext.put("team_id", "t-1");
        Invocations.end();

        JsonNode json = Databind.MAPPER.readTree(new JsonLogFormatter().format(record(Level.INFO, "later", null)));
        assertThat(json.has("team_id")).isFalse();
        assertThat(json.has("request_id")).isFalse();
    }

    @Test
    void levelsAreLambdasNames() {
        assertThat(JsonLogFormatter.level(Level.SEVERE)).isEqualTo("ERROR");
        assertThat(JsonLogFormatter.level(Level.WARNING)).isEqualTo("WARN");
        assertThat(JsonLogFormatter.level(Level.INFO)).isEqualTo("INFO");
        assertThat(JsonLogFormatter.level(Level.FINE)).isEqualTo("DEBUG");
        assertThat(JsonLogFormatter.level(Level.FINEST)).isEqualTo("TRACE");
        assertThat(Logs.level("warn")).isEqualTo(Level.WARNING);
        assertThat(Logs.level("FATAL")).isEqualTo(Level.SEVERE);
        assertThat(Logs.level(null)).isEqualTo(Level.INFO);
    }

    @Test
    void theTextFormIsOneReadableLineWithTheSameFields() {
        Invocations.begin("req-2", null, null);
        LogContext.put("status", 404);
        String line = new TextLogFormatter().format(record(Level.WARNING, "not found", null));
        assertThat(line).startsWith("06:00:00.123 WARN not found").contains("request_id=req-2").contains("status=404");
    }

    @Test
    void theInvocationsTraceIdComesFromTheHeaderLambdaSets() throws Exception {
        System.setProperty(Invocations.TRACE_HEADER, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        try {
            Invocations.begin("req-3", null, null);
            JsonNode json = Databind.MAPPER.readTree(new JsonLogFormatter().format(record(Level.INFO, "x", null)));
            assertThat(json.get("trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        } finally {
            System.clearProperty(Invocations.TRACE_HEADER);
        }
        assertThat(Invocations.traceId("Parent=1;Sampled=0")).isNull();
        assertThat(Invocations.traceId(null)).isNull();
    }

    @Test
    void eachInvocationNamesItsOwnFunctionAsOnTheLocalServerWhereAllShareAProcess() throws Exception {
        Invocations.begin("req-a", "CreateSecretFunction", "$LATEST");
        JsonNode first = Databind.MAPPER.readTree(new JsonLogFormatter().format(record(Level.INFO, "a", null)));
        Invocations.end();
        Invocations.begin("req-b", "ListSecretsFunction", "$LATEST");
        JsonNode second = Databind.MAPPER.readTree(new JsonLogFormatter().format(record(Level.INFO, "b", null)));
        Invocations.end();

        assertThat(first.get("function_name").asText()).isEqualTo("CreateSecretFunction");
        assertThat(second.get("function_name").asText()).isEqualTo("ListSecretsFunction");
        assertThat(second.get("cold_start").asBoolean()).isFalse();
        JsonNode after = Databind.MAPPER.readTree(new JsonLogFormatter().format(record(Level.INFO, "server", null)));
        assertThat(after.has("function_name")).isFalse();
    }
}
