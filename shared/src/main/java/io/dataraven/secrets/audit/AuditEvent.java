package io.dataraven.secrets.audit;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;

import java.time.Instant;
import java.util.UUID;

/**
 * One audit record (spec §6.4): what happened to which resource, by whom, from where. Built only from metadata,
 * never from a request body, so no credential value, token or resolved value can be part of it.
 *
 * @param id        the same for every attempt at the same change (see {@link Auditor#event}), so the copies an
 *                  at-least-once delivery can make are recognizable
 * @param actorType {@code user} (a session token's subject), {@code api_key} or {@code system} (a scheduled job)
 * @param details   a few more metadata values some events carry (an expiry warning's date); never a credential
 */
public record AuditEvent(UUID id, String eventType, UUID teamId, String resourceType, UUID resourceId, String resourceName,
                         String actorType, String actorId, String requestId, String sourceIp, String userAgent,
                         Instant time, Map<String, String> details) {

    public static final String SOURCE = "io.dataraven.secrets";

    public AuditEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** An event without details (every change a request makes: the resource and the actor say it all). */
    public AuditEvent(UUID id, String eventType, UUID teamId, String resourceType, UUID resourceId, String resourceName,
                      String actorType, String actorId, String requestId, String sourceIp, String userAgent,
                      Instant time) {
        this(id, eventType, teamId, resourceType, resourceId, resourceName, actorType, actorId, requestId, sourceIp,
                userAgent, time, Map.of());
    }

    /** The EventBridge {@code detail}. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("event_id", id.toString());
        json.put("event_type", eventType);
        json.put("team_id", teamId.toString());
        json.put("resource_type", resourceType);
        json.put("resource_id", resourceId.toString());
        json.put("resource_name", resourceName);
        ObjectNode actor = json.putObject("actor");
        actor.put("type", actorType);
        actor.put("id", actorId);
        json.put("request_id", requestId);
        json.put("source_ip", sourceIp);
        json.put("user_agent", userAgent);
        json.put("time", time.toString());
        if (!details.isEmpty()) {
            // Metadata only, e.g. a warning's expires_at and threshold_days; sorted, so copies are byte-equal.
            ObjectNode extra = json.putObject("details");
            new TreeMap<>(details).forEach(extra::put);
        }
        return json;
    }
}
