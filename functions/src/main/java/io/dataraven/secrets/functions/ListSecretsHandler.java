package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.secret.ListSecretsQuery;
import io.dataraven.secrets.secret.SecretJson;

import java.util.Map;

/** {@code GET /v1/teams/{team_id}/secrets}: parse, call the service, map. */
public final class ListSecretsHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/list-secrets.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("list-secrets");

    private final App app;

    public ListSecretsHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, ListSecretsHandler::new);
    }

    public ListSecretsHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) ->
                ApiResponses.json(200, SecretJson.page(app.secretService().list(principal, teamId,
                        () -> ListSecretsQuery.parse(request.queryParameters()))), Map.of()));
    }
}
