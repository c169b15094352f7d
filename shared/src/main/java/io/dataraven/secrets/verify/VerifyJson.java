package io.dataraven.secrets.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;

import java.time.format.DateTimeFormatter;

/** A verification's answer, field by field: the outcome and its time, never a credential. */
public final class VerifyJson {

    private VerifyJson() {
    }

    /**
     * {@code {"ok", "message", "checked_at", "reason", "retryable"}} as the vault-connection test answers, plus
     * {@code retry_after_seconds} when the provider said, the credential {@code version} checked (null for an
     * external secret) and whether the outcome was {@code recorded} on the secret.
     */
    public static ObjectNode result(VerifySecretService.Result result) {
        CheckOutcome outcome = result.outcome();
        ObjectNode json = Json.object();
        json.put("ok", outcome.ok());
        json.put("message", outcome.message());
        json.put("checked_at", DateTimeFormatter.ISO_INSTANT.format(result.checkedAt()));
        json.put("reason", outcome.reason());
        json.put("retryable", outcome.retryable());
        if (outcome.retryAfterSeconds() != null) {
            json.put("retry_after_seconds", outcome.retryAfterSeconds());
        }
        json.put("version", result.version());
        json.put("recorded", result.recorded());
        return json;
    }
}
