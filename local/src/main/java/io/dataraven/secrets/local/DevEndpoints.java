package io.dataraven.secrets.local;

import io.dataraven.secrets.common.NotFoundException;
import io.dataraven.secrets.common.InvalidInputException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.api.ApiRequest;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.common.Ids;
import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.JsonFields;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.audit.AuditPublisher;
import io.dataraven.secrets.audit.InMemoryAuditLog;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.team.TeamEvent;
import io.dataraven.secrets.team.Tier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Endpoints that exist only in the local server, under {@code /local}: what an identity provider and a billing
 * system would do in production (tokens, plans), so the real API can be tried end to end, and a look at what
 * would have gone to the audit bus, and the API's OpenAPI document. Unauthenticated, which is why the server listens on loopback only. Bodies are
 * parsed and errors shaped as in the API itself.
 */
final class DevEndpoints {

    static final String HEALTH_PATH = "/local/health";
    static final String TOKEN_PATH = "/local/token";
    static final String TEAM_PATH = "/local/teams/{team_id}";
    static final String AUDIT_PATH = "/local/audit";
    static final String OPENAPI_PATH = "/local/openapi.yaml";
    /** docs/openapi.yaml, which local/pom.xml copies beside this class. */
    static final String OPENAPI_RESOURCE = "openapi.yaml";

    record Health(String status) {
    }

    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn) {
    }

    record TeamTier(@JsonProperty("team_id") UUID teamId, String tier) {
    }

    /** A parsed token request: who, and their role per team. */
    record TokenRequest(String subject, Map<UUID, Role> teams) {
    }

    private static final Set<String> TOKEN_FIELDS = Set.of("sub", "team_id", "role", "teams");
    private static final List<String> ROLES = Arrays.stream(Role.values()).map(Role::wire).toList();
    private static final List<String> TIERS = Arrays.stream(Tier.values()).map(Tier::wire).toList();

    private final LocalTokens tokens;
    private final LocalEventBus events;
    private final AuditPublisher audit;

    /**
     * @param events where a plan change goes, as the team service's TeamPlanChanged event
     * @param audit  the App's audit publisher: an {@link InMemoryAuditLog} in the local server
     */
    DevEndpoints(LocalTokens tokens, LocalEventBus events, AuditPublisher audit) {
        this.tokens = tokens;
        this.events = events;
        this.audit = audit;
    }

    List<Router.Route> routes() {
        return List.of(
                Router.Route.of("GET", HEALTH_PATH, event -> ok(new Health("ok"))),
                Router.Route.of("GET", LocalTokens.JWKS_PATH, event -> ok(tokens.jwks())),
                Router.Route.of("POST", TOKEN_PATH, event -> token(new ApiRequest(event))),
                Router.Route.of("PUT", TEAM_PATH, event -> setTier(new ApiRequest(event))),
                Router.Route.of("GET", AUDIT_PATH, event -> auditEvents(new ApiRequest(event))),
                Router.Route.of("GET", OPENAPI_PATH, event -> openApi()));
    }

    private APIGatewayV2HTTPResponse token(ApiRequest request) {
        TokenRequest parsed = parseTokenRequest(request.jsonObjectBody());
        String token = tokens.mint(parsed.subject(), parsed.teams());
        return ok(new TokenResponse(token, "Bearer", LocalTokens.LIFETIME.toSeconds()));
    }

    /** {@code {"sub", "team_id", "role"}} for one team, or {@code {"sub", "teams": {id: role}}} for several. */
    static TokenRequest parseTokenRequest(ObjectNode body) {
        List<Violation> violations = new ArrayList<>();
        JsonFields fields = JsonFields.body(body, violations);
        fields.rejectUnknown(TOKEN_FIELDS);
        String subject = fields.string("sub");
        if (subject == null || subject.isBlank()) {
            violations.add(Violation.body("required: the user id the token is for", "missing", "sub"));
        }
        String teamId = fields.string("team_id");
        String role = fields.string("role");
        ObjectNode teamMap = fields.object("teams");
        Map<UUID, Role> roles = new LinkedHashMap<>();
        if (fields.has("teams") && (fields.has("team_id") || fields.has("role"))) {
            violations.add(Violation.body("send either team_id and role, or teams, not both", "value_error", "teams"));
        } else if (teamMap != null) {
            if (teamMap.isEmpty()) {
                violations.add(Violation.body("must name at least one team", "missing", "teams"));
            }
            for (Map.Entry<String, JsonNode> entry : teamMap.properties()) {
                String roleName = entry.getValue().isTextual() ? entry.getValue().textValue() : null;
                List<Object> at = List.of("teams", entry.getKey());
                addTeam(entry.getKey(), roleName, at, at, roles, violations);
            }
        } else if (!fields.has("teams")) {
            addTeam(teamId, role, List.of("team_id"), List.of("role"), roles, violations);
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        return new TokenRequest(subject.strip(), roles);
    }

    /** Adds one team's role, or reports where its id ({@code teamAt}) or role ({@code roleAt}) is wrong. */
    private static void addTeam(String teamId, String roleName, List<Object> teamAt, List<Object> roleAt,
                                Map<UUID, Role> roles, List<Violation> violations) {
        UUID team = Ids.parseUuid(teamId);
        Optional<Role> role = Role.fromWire(roleName);
        if (team == null) {
            violations.add(Violation.body("must be a team UUID", teamId == null ? "missing" : "uuid_parsing",
                    teamAt.toArray()));
        }
        if (role.isEmpty()) {
            violations.add(Violation.body("must be one of " + ROLES, roleName == null ? "missing" : "enum",
                    roleAt.toArray()));
        }
        if (team != null && role.isPresent()) {
            roles.put(team, role.get());
        }
    }

    private APIGatewayV2HTTPResponse setTier(ApiRequest request) {
        UUID teamId = request.pathUuid("team_id");
        List<Violation> violations = new ArrayList<>();
        JsonFields fields = JsonFields.body(request.jsonObjectBody(), violations);
        fields.rejectUnknown(Set.of("tier"));
        String name = fields.string("tier");
        Optional<Tier> tier = Tier.fromWire(name);
        if (tier.isEmpty()) {
            violations.add(Violation.body("must be one of " + TIERS, name == null ? "missing" : "enum", "tier"));
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        // What the team service would publish: through the template's rule to TeamEventsFunction, as in AWS.
        ObjectNode detail = Json.object();
        detail.put("team_id", teamId.toString());
        detail.put("tier", tier.get().wire());
        detail.put("plan_version", System.currentTimeMillis());
        JsonNode summary = events.deliver(LocalEventBus.newEnvelope(TeamEvent.PLAN_CHANGED, null, detail));
        if (!"plan_changed".equals(summary.path("action").asText())) {
            throw new ApiException(409, "plan_not_applied", "TeamEventsFunction did not apply the plan change ("
                    + summary.path("action").asText() + "): the team was deleted, or a newer plan_version was "
                    + "applied already.");
        }
        return ok(new TeamTier(teamId, tier.get().wire()));
    }

    /** {@code GET /local/audit[?team_id=]}: the audit events published so far, oldest first, as their detail. */
    private APIGatewayV2HTTPResponse auditEvents(ApiRequest request) {
        Map<String, String> query = request.queryParameters();
        List<Violation> violations = new ArrayList<>();
        for (String name : query.keySet()) {
            if (!name.equals("team_id")) {
                violations.add(new Violation(List.of("query", name), "unknown parameter; only team_id is supported",
                        "extra_forbidden"));
            }
        }
        UUID team = query.containsKey("team_id") ? Ids.parseUuid(query.get("team_id")) : null;
        if (query.containsKey("team_id") && team == null) {
            violations.add(new Violation(List.of("query", "team_id"), "must be a team UUID", "uuid_parsing"));
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.of(violations);
        }
        if (!(audit instanceof InMemoryAuditLog log)) {
            throw new NotFoundException("audit_not_local", "Audit events go to an EventBridge bus here, not to "
                    + "memory.", new Violation(List.of("path"), "no in-memory audit log", "not_found"));
        }
        ObjectNode body = Json.object();
        var list = body.putArray("events");
        for (AuditEvent event : log.events()) {
            if (team == null || team.equals(event.teamId())) {
                list.add(event.toJson());
            }
        }
        return ApiResponses.json(200, body, Map.of());
    }

    /** {@code GET /local/openapi.yaml}: the API's OpenAPI document, as packaged. */
    private static APIGatewayV2HTTPResponse openApi() {
        byte[] document;
        try (InputStream in = DevEndpoints.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new NotFoundException("openapi_not_packaged", "This build has no OpenAPI document; build the "
                        + "local module with Maven, which copies docs/openapi.yaml into it.",
                        new Violation(List.of("path"), "no packaged document", "not_found"));
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the packaged OpenAPI document could not be read", e);
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/yaml; charset=utf-8", "Cache-Control", "no-store"))
                .withBody(new String(document, StandardCharsets.UTF_8)).withIsBase64Encoded(false).build();
    }

    private static APIGatewayV2HTTPResponse ok(Object body) {
        return ApiResponses.json(200, Databind.MAPPER.valueToTree(body), Map.of());
    }
}
