package io.dataraven.secrets.api;

import io.dataraven.secrets.common.Databind;
import io.dataraven.secrets.common.WriteNotCompletedException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How storage failures reach a client: never a bare 500, always whether the change may have been applied. */
class StorageFailureResponsesTest {

    private static APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("POST /v1/teams/{team_id}/secrets");
        event.setHeaders(Map.of());
        return event;
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return Databind.MAPPER.readTree(response.getBody());
    }

    @Test
    void aThrottledWriteThatWasNotAppliedIsA503WithRetryAfterAndChangeAppliedNo() throws Exception {
        StoreUnavailableException throttled = new StoreUnavailableException("ssm",
                StoreUnavailableException.Reason.THROTTLED, false, "ThrottlingException");
        APIGatewayV2HTTPResponse response = ApiHandlers.handle(event(), r -> {
            throw new WriteNotCompletedException(throttled, false, "The rotation");
        });
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "2");
        JsonNode body = body(response);
        assertThat(body.path("error").asText()).isEqualTo("service_throttled");
        assertThat(body.path("change_applied").asText()).isEqualTo("no");
        assertThat(body.path("retryable").asBoolean()).isTrue();
        assertThat(body.path("message").asText()).contains("The rotation was not applied");
    }

    @Test
    void anUnknownOutcomeSaysSo() throws Exception {
        StoreUnavailableException timeout = new StoreUnavailableException("dynamodb",
                StoreUnavailableException.Reason.UNAVAILABLE, true, "ApiCallTimeoutException");
        APIGatewayV2HTTPResponse response = ApiHandlers.handle(event(), r -> {
            throw new WriteNotCompletedException(timeout, true, "The deletion");
        });
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "1");
        JsonNode body = body(response);
        assertThat(body.path("error").asText()).isEqualTo("service_unavailable");
        assertThat(body.path("change_applied").asText()).isEqualTo("unknown");
        assertThat(body.path("message").asText()).contains("may or may not have been applied");
    }

    @Test
    void aFailedReadIsA503ThatChangedNothing() throws Exception {
        APIGatewayV2HTTPResponse response = ApiHandlers.handle(event(), r -> {
            throw new StoreUnavailableException("dynamodb", StoreUnavailableException.Reason.THROTTLED, false,
                    "ProvisionedThroughputExceededException");
        });
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsKey("Retry-After");
        assertThat(body(response).path("change_applied").asText()).isEqualTo("no");
    }

    @Test
    void aNonStorageFailureOfAWriteIsA500ThatStillSaysWhatMayHaveHappened() throws Exception {
        APIGatewayV2HTTPResponse response = ApiHandlers.handle(event(), r -> {
            throw new WriteNotCompletedException(new IllegalStateException("bug"), true, "The secret's creation");
        });
        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(body(response).path("change_applied").asText()).isEqualTo("unknown");
        assertThat(response.getBody()).doesNotContain("bug");
    }
}
