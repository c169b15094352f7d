package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.api.Json;
import io.dataraven.secrets.vault.VaultConnectionService.TestResult;

import java.util.Map;
import java.util.UUID;

/** {@code POST /v1/teams/{team_id}/vault-connections/{connection_id}/test}: parse, call the service, map. */
public final class TestVaultConnectionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final App app;

    public TestVaultConnectionHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, TestVaultConnectionHandler::new);
    }

    public TestVaultConnectionHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.handle(event, request -> {
            Principal principal = app.authenticator().authenticate(request.bearerToken()).from(request.info());
            UUID teamId = request.pathUuid("team_id");
            principal.require(teamId, Role.OPERATOR);
            TestResult result = app.vaultConnectionService().test(principal, teamId, request.pathUuid("connection_id"));
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("ok", result.ok());
            body.put("message", result.message());
            if (result.ok()) {
                body.put("last_verified_at", result.verifiedAt().toString());
            } else {
                body.put("reason", result.reason());
                body.put("retryable", result.retryable());
            }
            return ApiResponses.json(200, body, Map.of());
        });
    }
}
