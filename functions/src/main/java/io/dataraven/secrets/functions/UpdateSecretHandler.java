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
import io.dataraven.secrets.secret.SecretRequests;

import java.util.Map;

/** {@code PATCH /v1/teams/{team_id}/secrets/{secret_id}}: parse, call the service, map. */
public final class UpdateSecretHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/update-secret.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("update-secret");

    private final App app;

    public UpdateSecretHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, UpdateSecretHandler::new);
    }

    public UpdateSecretHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            Secret secret = app.secretService().update(principal, teamId, request.pathUuid("secret_id"),
                    () -> SecretRequests.update(request.jsonObjectBody()));
            return ApiResponses.json(200, SecretJson.summary(secret), Map.of());
        });
    }
}
