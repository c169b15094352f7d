package io.dataraven.secrets.verify.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import io.dataraven.secrets.verify.Reason;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Backblaze B2: {@code b2_authorize_account} with the key id and key (Basic auth), the call every B2 client makes. */
final class B2Check implements MethodCheck {

    private static final String PROVIDER = "Backblaze B2";

    private final CheckHttp http;
    private final URI api;

    B2Check(CheckHttp http, URI api) {
        this.http = http;
        this.api = api;
    }

    @Override
    public CheckOutcome check(Credentials credentials, CheckTarget target) {
        String pair = credentials.values().getOrDefault("application_key_id", "") + ":"
                + credentials.values().getOrDefault("application_key", "");
        CheckHttp.Response response = http.send(http.get(URI.create(api + "/b2api/v3/b2_authorize_account"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        pair.getBytes(StandardCharsets.UTF_8))), PROVIDER);
        JsonNode body = response.json();
        String code = body.path("code").asText("");
        if (response.status() == 200) {
            String account = body.path("accountId").asText("");
            if (account.isEmpty() || !account.matches("[A-Za-z0-9]{1,64}")) {
                return CheckOutcome.failed(Reason.PROVIDER_ERROR, PROVIDER + " answered the authorization "
                        + "without an account id.");
            }
            return CheckOutcome.ok("The key authorized to " + PROVIDER + " account " + account + ".");
        }
        if (response.status() == 401) {
            if (code.equals("expired_auth_token")) {
                return CheckOutcome.failed(Reason.EXPIRED, PROVIDER + " says the key has expired (" + code + ").");
            }
            return CheckOutcome.failed(Reason.AUTH_FAILED, PROVIDER + " refused the key"
                    + (code.matches("[a-z_]{1,40}") ? " (" + code + ")" : "")
                    + ": the application key id or key is wrong, or the key was deleted or has expired.");
        }
        if (response.status() == 503 || code.equals("too_many_requests")) {
            return CheckOutcome.failed(Reason.RATE_LIMITED, PROVIDER + " is busy (HTTP " + response.status()
                    + "); retry later.", response.retryAfterSeconds());
        }
        if (response.status() >= 500) {
            return CheckOutcome.failed(Reason.UNREACHABLE, PROVIDER + " answered HTTP " + response.status()
                    + "; retry later.");
        }
        return CheckOutcome.failed(Reason.PROVIDER_ERROR, PROVIDER + " answered HTTP " + response.status()
                + (code.matches("[a-z_]{1,40}") ? " (" + code + ")" : "") + ".");
    }
}
