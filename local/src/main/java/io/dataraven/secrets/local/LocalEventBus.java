package io.dataraven.secrets.local;

import io.dataraven.secrets.common.InvalidInputException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.common.DomainException;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.team.TeamEvent;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /local/events}: what EventBridge does for the template's {@code EventBridgeRule} events. The body is an
 * event envelope ({@code detail-type}, {@code detail}, {@code source}, {@code time}, ...); it goes to the function
 * whose pattern takes its detail-type (and source, when the envelope has one), and the answer is that function's
 * result. A deletion that ran out of time is handed on ({@link App#pollContinuation()}); here the continuations run
 * at once, each as the {@code TeamDeletionContinued} envelope our function would publish, through the same rules,
 * until none is left, and the answer is the last result.
 *
 * <p>400 for an envelope that is not one (or that the team-event reader would reject, which in AWS ends in the
 * dead-letter queue) and for a detail-type no rule takes; a function that fails is a 500 marked
 * {@code X-Amz-Function-Error: Unhandled}, without its message. Deliveries run one at a time, as each would in its
 * own Lambda invocation.
 */
final class LocalEventBus {

    static final String PATH = "/local/events";
    /** A handler that hands on without a bound (ours fails after MAX_DELETION_HOPS) would loop; we stop it. */
    static final int MAX_CONTINUATIONS = 1000;
    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";

    private static final System.Logger LOG = System.getLogger(LocalEventBus.class.getName());
    private static final Set<String> TEAM_EVENT_TYPES = Set.of(TeamEvent.CREATED, TeamEvent.PLAN_CHANGED,
            TeamEvent.DELETED, TeamEvent.DELETION_CONTINUED);

    /** A rule and the loaded function it targets. */
    private record Target(TemplateEventRule rule, DirectFunction function) {
    }

    private final List<Target> targets;
    private final App app;

    private LocalEventBus(List<Target> targets, App app) {
        this.targets = targets;
        this.app = app;
    }

    /**
     * The rules' functions: the instance {@code /local/invoke} serves when there is one (one container per
     * function, as in Lambda), otherwise loaded here, now, so a missing handler fails the server start.
     */
    static LocalEventBus load(List<TemplateEventRule> rules, DirectInvocations invocations, App app) {
        List<Target> targets = new ArrayList<>();
        for (TemplateEventRule rule : rules) {
            DirectFunction function = invocations.function(rule.function().function())
                    .orElseGet(() -> DirectFunction.load(rule.function(), app));
            targets.add(new Target(rule, function));
        }
        return new LocalEventBus(List.copyOf(targets), app);
    }

    Router.Route route() {
        return Router.Route.of("POST", PATH, this::handle);
    }

    /** The rules served, as {@code Function.Event}, in template order. */
    List<String> rules() {
        return targets.stream().map(t -> t.rule().function().function() + "." + t.rule().event()).toList();
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        JsonNode body = DirectInvocations.payload(event);
        return ApiResponses.json(200, deliver(envelope(body)), Map.of());
    }

    /**
     * Delivers one envelope (already checked by {@link #envelope(JsonNode)}), then the continuations it leaves.
     *
     * @return the last function result
     */
    synchronized JsonNode deliver(ObjectNode envelope) {
        JsonNode result = run(envelope, false);
        for (int continuations = 0; ; continuations++) {
            TeamEvent next = app.pollContinuation();
            if (next == null) {
                return result;
            }
            if (continuations == MAX_CONTINUATIONS) {
                throw new ApiException(500, "deletion_not_finishing", "Team " + next.teamId() + " was handed on "
                        + MAX_CONTINUATIONS + " times without finishing; the local server stopped delivering it.");
            }
            result = run(continuation(next), true);
        }
    }

    /** The request body as an envelope: a JSON object with a detail-type and a detail object, else a 400. */
    static ObjectNode envelope(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidInputException.of("invalid_body", "The body must be an EventBridge event envelope: a JSON "
                    + "object with detail-type and detail.", Violation.body("must be a JSON object", "model_type"));
        }
        ObjectNode envelope = (ObjectNode) body;
        List<Violation> violations = new ArrayList<>();
        JsonNode detailType = envelope.path("detail-type");
        if (!detailType.isTextual() || detailType.textValue().isBlank()) {
            violations.add(Violation.body("required: the event's detail-type, a non-empty string",
                    envelope.has("detail-type") ? "string_type" : "missing", "detail-type"));
        }
        if (!envelope.path("detail").isObject()) {
            violations.add(Violation.body("required: the event's detail, a JSON object",
                    envelope.has("detail") ? "model_type" : "missing", "detail"));
        }
        if (envelope.has("source") && !envelope.path("source").isTextual()) {
            violations.add(Violation.body("must be a string", "string_type", "source"));
        }
        if (envelope.has("time")) {
            try {
                Instant.parse(envelope.path("time").asText(""));
            } catch (DateTimeParseException e) {
                violations.add(Violation.body("must be a UTC timestamp such as 2026-11-27T08:00:00Z",
                        "datetime_parsing", "time"));
            }
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        return envelope;
    }

    /** An envelope as EventBridge would deliver it: the given fields, and the ones it always sets. */
    static ObjectNode newEnvelope(String detailType, String source, ObjectNode detail) {
        ObjectNode envelope = Json.object();
        envelope.put("version", "0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("detail-type", detailType);
        if (source != null) {
            envelope.put("source", source);
        }
        envelope.put("account", ACCOUNT);
        // EventBridge times have second precision.
        envelope.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", REGION);
        envelope.putArray("resources");
        envelope.set("detail", detail);
        return envelope;
    }

    /** The event our function publishes for an unfinished deletion (EventBridgeContinuations in AWS). */
    private static ObjectNode continuation(TeamEvent event) {
        return newEnvelope(TeamEvent.DELETION_CONTINUED, AuditEvent.SOURCE,
                (ObjectNode) Json.tree(event.continuationDetail()));
    }

    /** @param continuation whether we publish this event ourselves: then a missing rule is the template's fault */
    private JsonNode run(ObjectNode envelope, boolean continuation) {
        String detailType = envelope.path("detail-type").asText();
        String source = envelope.path("source").isTextual() ? envelope.path("source").textValue() : null;
        Target target = null;
        TemplateEventRule.Alternative taken = null;
        for (Target candidate : targets) {
            var alternative = candidate.rule().takes(source, detailType);
            if (alternative.isPresent()) {
                target = candidate;
                taken = alternative.get();
                break;
            }
        }
        if (target == null && continuation) {
            throw new ApiException(500, "continuation_not_routed", "A team deletion was handed on as " + detailType
                    + " from " + source + ", but no EventBridgeRule of the template takes it: the deletion would stop "
                    + "half done.");
        }
        if (target == null) {
            throw noTarget(detailType, source);
        }
        ObjectNode delivered = complete(envelope, taken);
        if (TEAM_EVENT_TYPES.contains(detailType)) {
            checkTeamEvent(delivered);
        }
        try {
            return target.function().invoke(delivered);
        } catch (ApiException | DomainException e) {
            throw e;
        } catch (RuntimeException e) {
            // The type only: a message could quote the event.
            LOG.log(System.Logger.Level.ERROR, "unhandled " + e.getClass().getName() + " in "
                    + target.function().name() + " for " + detailType);
            throw new ApiException(500, "internal_error", "The function " + target.function().name()
                    + " failed with " + e.getClass().getSimpleName() + " on " + detailType + "; in AWS, Lambda would "
                    + "retry it, then put it on the dead-letter queue.", List.of(),
                    Map.of("X-Amz-Function-Error", "Unhandled"));
        }
    }

    /** What EventBridge adds to every event, where the envelope left it out (a copy; the input stays as sent). */
    private static ObjectNode complete(ObjectNode envelope, TemplateEventRule.Alternative taken) {
        ObjectNode delivered = envelope.deepCopy();
        ObjectNode defaults = newEnvelope(envelope.path("detail-type").asText(),
                taken.sources() == null || taken.sources().isEmpty() ? null : taken.sources().get(0),
                Json.object());
        defaults.properties().forEach(field -> {
            if (!delivered.has(field.getKey())) {
                delivered.set(field.getKey(), field.getValue());
            }
        });
        return delivered;
    }

    /** The team-event reader's own check: what it rejects would fail every retry in AWS, so here it is a 400. */
    private static void checkTeamEvent(ObjectNode envelope) {
        try {
            // As TeamEventsHandler gets it in AWS (JsonFunction): the envelope as plain values.
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) Json.plain(envelope);
            TeamEvent.fromEnvelope(map);
        } catch (IllegalArgumentException e) {
            // TeamEvent's messages name the problem, never a value.
            throw InvalidInputException.of("invalid_event", "The event is malformed: " + e.getMessage()
                    + ". In AWS its function would fail on it until it lands in the dead-letter queue.",
                    Violation.body(e.getMessage(), "value_error", "detail"));
        }
    }

    private InvalidInputException noTarget(String detailType, String source) {
        Set<String> taken = new LinkedHashSet<>();
        targets.forEach(target -> taken.addAll(target.rule().detailTypes()));
        return InvalidInputException.of("no_rule_matches", "No EventBridgeRule of the template takes detail-type "
                        + detailType + (source == null ? "" : " from source " + source) + "; the rules take: "
                        + (taken.isEmpty() ? "none" : String.join(", ", taken)) + ".",
                Violation.body("no rule's pattern matches", "not_found", "detail-type"));
    }
}
