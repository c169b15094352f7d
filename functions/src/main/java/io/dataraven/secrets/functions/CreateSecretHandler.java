package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.idempotency.Idempotency;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;

import java.util.Map;

/** {@code POST /v1/teams/{team_id}/secrets}: parse, call the service, map. */
public final class CreateSecretHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/create-secret.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("create-secret");

    private final App app;

    /** Lambda's constructor: everything is built here, once per container. */
    public CreateSecretHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, CreateSecretHandler::new);
    }

    public CreateSecretHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            Idempotency.Outcome<Secret> created = app.secretService().create(principal, teamId,
                    request.idempotency(), () -> SecretRequests.create(request.jsonObjectBody()));
            return ApiResponses.json(201, created.body(), ApiResponses.replayed(created, Map.of("Location",
                    request.link("/v1/teams/" + teamId + "/secrets/" + created.resourceId()))));
        });
    }
}
