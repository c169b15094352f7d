package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.verify.VerifyJson;
import io.dataraven.secrets.verify.VerifySecretService;

import java.util.Map;

/**
 * {@code POST /v1/teams/{team_id}/secrets/{secret_id}/verify}: checks the stored credentials against their
 * provider. Runs in the resolve function's role (template.yaml): the only one that may read credential values.
 */
public final class VerifySecretHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/verify-secret.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("verify-secret");

    private final App app;

    public VerifySecretHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, VerifySecretHandler::new);
    }

    public VerifySecretHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            VerifySecretService.Result result = app.verifySecretService().verify(principal, teamId,
                    request.pathUuid("secret_id"), request::optionalJsonObjectBody);
            // A failed check is a 200 with its reason: counted by outcome (auth failures, expiry, throttling...).
            Metrics.count("Verifications", Map.of("Outcome", result.outcome().ok() ? "ok"
                    : result.outcome().reason()));
            return ApiResponses.json(200, VerifyJson.result(result), Map.of());
        });
    }
}
