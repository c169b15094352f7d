package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.apikey.ApiKeyJson;
import io.dataraven.secrets.apikey.ApiKeyRequests;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;

import java.util.Map;

/** {@code GET /v1/teams/{team_id}/api-keys}: parse, call the service, map. */
public final class ListApiKeysHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/list-api-keys.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("list-api-keys");

    private final App app;

    public ListApiKeysHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, ListApiKeysHandler::new);
    }

    public ListApiKeysHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            var page = app.apiKeyService().list(principal, teamId,
                    () -> ApiKeyRequests.list(request.queryParameters()));
            return ApiResponses.json(200, ApiKeyJson.page(page, app.apiKeyService().now()), Map.of());
        });
    }
}
