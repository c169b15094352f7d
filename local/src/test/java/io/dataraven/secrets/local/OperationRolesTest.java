package io.dataraven.secrets.local;

import io.dataraven.secrets.auth.Operation;
import io.dataraven.secrets.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role table ({@link Operation}) against template.yaml's routes: every route's handler performs exactly one
 * operation (CreateSecretHandler: CREATE_SECRET), every operation has exactly one route, and over real HTTP each
 * route refuses every role below its operation's minimum with 403 before reading the body, and lets the minimum
 * through (whatever the answer then is: 201, 404, 400...).
 */
class OperationRolesTest {

    private static LocalApiServer server;
    private static List<TemplateRoute> routes;

    @BeforeAll
    static void start() throws Exception {
        Path template = TemplateRoutes.locate(null, Path.of(""));
        routes = TemplateRoutes.read(template);
        server = LocalApiServer.start(0, template, TestHttp.manyRequests());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** CreateSecretHandler performs CREATE_SECRET. */
    static Operation operationOf(TemplateRoute route) {
        String simple = route.handlerClass().substring(route.handlerClass().lastIndexOf('.') + 1)
                .replaceFirst("Handler$", "");
        return Operation.valueOf(simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }

    @Test
    void everyRouteIsOneOperationAndEveryOperationHasOneRoute() {
        Map<Operation, List<String>> routed = new EnumMap<>(Operation.class);
        for (TemplateRoute route : routes) {
            routed.computeIfAbsent(operationOf(route), k -> new ArrayList<>()).add(route.routeKey());
        }
        assertThat(routed.keySet()).containsExactlyInAnyOrder(Operation.values());
        routed.forEach((operation, keys) -> assertThat(keys).as(operation.name()).hasSize(1));
    }

    @Test
    void eachRouteRefusesTheRolesBelowItsOperationAndAdmitsItsMinimum() throws Exception {
        UUID team = UUID.randomUUID();
        for (TemplateRoute route : routes) {
            Operation operation = operationOf(route);
            String path = route.path().replace("{team_id}", team.toString())
                    .replaceAll("\\{[a-z_]+}", UUID.randomUUID().toString());
            for (Role role : Role.values()) {
                int status = send(route.method(), path, token(team, role)).statusCode();
                if (role.atLeast(operation.minimum())) {
                    assertThat(status).as("%s as %s", route.routeKey(), role).isNotIn(401, 403);
                } else {
                    assertThat(status).as("%s as %s", route.routeKey(), role).isEqualTo(403);
                }
            }
        }
    }

    /**
     * The scope matrix over HTTP: for every scope a key holding only that scope, and over every route: 403 unless
     * the route's operation has that scope (then neither 401 nor 403); key management refuses every key.
     */
    @Test
    void eachRouteAdmitsExactlyTheKeysHoldingItsScope() throws Exception {
        UUID team = UUID.randomUUID();
        assertThat(TestHttp.send(server.baseUri(), "PUT", "/local/teams/" + team, "{\"tier\": \"pro\"}", null)
                .statusCode()).isEqualTo(200);
        String owner = token(team, Role.OWNER);
        for (String scope : Operation.SCOPES) {
            HttpResponse<String> minted = send("POST", "/v1/teams/" + team + "/api-keys", owner,
                    "{\"name\": \"" + scope + "\", \"scopes\": [\"" + scope + "\"]}");
            assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
            String key = minted.body().replaceAll(".*\"full_key\":\"([^\"]+)\".*", "$1");
            for (TemplateRoute route : routes) {
                Operation operation = operationOf(route);
                String path = route.path().replace("{team_id}", team.toString())
                        .replaceAll("\\{[a-z_]+}", UUID.randomUUID().toString());
                int status = send(route.method(), path, key).statusCode();
                if (scope.equals(operation.scope())) {
                    assertThat(status).as("%s with a key holding %s", route.routeKey(), scope).isNotIn(401, 403);
                } else {
                    assertThat(status).as("%s with a key holding %s", route.routeKey(), scope).isEqualTo(403);
                }
            }
        }
    }

    private static String token(UUID team, Role role) throws Exception {
        HttpResponse<String> minted = send("POST", "/local/token", null,
                "{\"sub\":\"u\",\"team_id\":\"" + team + "\",\"role\":\"" + role.wire() + "\"}");
        assertThat(minted.statusCode()).isEqualTo(200);
        return minted.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    }

    private static HttpResponse<String> send(String method, String path, String token) throws Exception {
        // Bodies are deliberately not valid for any operation: a refused caller must get 403, not 400.
        return send(method, path, token, method.equals("GET") || method.equals("DELETE") ? null : "{\"x\":1}");
    }

    private static HttpResponse<String> send(String method, String path, String token, String body)
            throws Exception {
        return TestHttp.send(server.baseUri(), method, path, body, token);
    }
}
