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

/** {@code POST /v1/teams/{team_id}/api-keys}: mints a key; this response is the one place its full value ever appears. */
public final class CreateApiKeyHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/create-api-key.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("create-api-key");

    private final App app;

    public CreateApiKeyHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, CreateApiKeyHandler::new);
    }

    public CreateApiKeyHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            var minted = app.apiKeyService().create(principal, teamId,
                    () -> ApiKeyRequests.create(request.jsonObjectBody()));
            return ApiResponses.json(201, ApiKeyJson.minted(minted, app.apiKeyService().now()),
                    Map.of("Location", request.link("/v1/teams/" + teamId + "/api-keys/" + minted.key().id())));
        });
    }
}
