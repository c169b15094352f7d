package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretJson;

import java.util.Map;

/** {@code GET /v1/teams/{team_id}/secrets/{secret_id}}: parse, call the service, map. */
public final class GetSecretHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/get-secret.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("get-secret");

    private final App app;

    public GetSecretHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, GetSecretHandler::new);
    }

    public GetSecretHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            Secret secret = app.secretService().get(principal, teamId, request.pathUuid("secret_id"));
            return ApiResponses.json(200,
                    SecretJson.detail(secret, app.secretService().vaultConnectionName(secret)), Map.of());
        });
    }
}
