package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.apikey.ApiKeyJson;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;

import java.util.Map;

/** {@code POST /v1/teams/{team_id}/api-keys/{api_key_id}/revoke}: the key stops working and stays listed. */
public final class RevokeApiKeyHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/revoke-api-key.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("revoke-api-key");

    private final App app;

    public RevokeApiKeyHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, RevokeApiKeyHandler::new);
    }

    public RevokeApiKeyHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            var key = app.apiKeyService().revoke(principal, teamId, request.pathUuid("api_key_id"));
            return ApiResponses.json(200, ApiKeyJson.view(key, app.apiKeyService().now(), false), Map.of());
        });
    }
}
