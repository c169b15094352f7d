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

/** {@code GET /v1/teams/{team_id}/api-keys/{api_key_id}}: the metadata of one key, with its last use. */
public final class GetApiKeyHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/get-api-key.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("get-api-key");

    private final App app;

    public GetApiKeyHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, GetApiKeyHandler::new);
    }

    public GetApiKeyHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            var key = app.apiKeyService().get(principal, teamId, request.pathUuid("api_key_id"));
            return ApiResponses.json(200, ApiKeyJson.view(key, app.apiKeyService().now(), true), Map.of());
        });
    }
}
