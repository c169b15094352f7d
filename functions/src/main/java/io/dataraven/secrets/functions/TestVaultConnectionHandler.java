package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.api.ApiHandlers;
import io.dataraven.secrets.api.ApiResponses;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.logging.Metrics;
import io.dataraven.secrets.vault.VaultConnectionService;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.PrimingSample;
import io.dataraven.secrets.vault.VaultConnectionJson;

import java.util.Map;

/** {@code POST /v1/teams/{team_id}/vault-connections/{connection_id}/test}: parse, call the service, map. */
public final class TestVaultConnectionHandler extends HttpFunction {

    /** What SnapStart priming sends this function: its own sample, events/test-vault-connection.json. */
    static final PrimingSample SAMPLE = PrimingSample.of("test-vault-connection");

    private final App app;

    public TestVaultConnectionHandler() {
        this(App.fromEnvironment());
        // SnapStart: run the request path once before the snapshot, so restored containers start warm.
        Priming.register(app, SAMPLE, TestVaultConnectionHandler::new);
    }

    public TestVaultConnectionHandler(App app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiHandlers.forTeam(event, app.authenticator(), app.rateLimiter(), (request, principal, teamId) -> {
            VaultConnectionService.TestResult result = app.vaultConnectionService().test(principal, teamId,
                    request.pathUuid("connection_id"));
            // A failed test is a 200 with its reason: counted by outcome (provider auth, rate limits, unreachable).
            Metrics.count("VaultTests", Map.of("Outcome", result.ok() ? "ok" : String.valueOf(result.reason())));
            return ApiResponses.json(200, VaultConnectionJson.testResult(result), Map.of());
        });
    }
}
