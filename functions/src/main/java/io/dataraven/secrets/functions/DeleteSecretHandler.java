package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;

/** {@code DELETE /v1/teams/{team_id}/secrets/{secret_id}}: parse, call the service, map. */
public final class DeleteSecretHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/delete-secret.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("delete-secret");

    private final App app;

    public DeleteSecretHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, DeleteSecretHandler::new);
    }

    public DeleteSecretHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            app.secretService().delete(principal, teamId, request.pathUuid("secret_id"));
            return ApiResponses.noContent();
        });
    }
}
