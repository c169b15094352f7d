package io.dataraven.secrets.verify.provider;

import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import io.dataraven.secrets.verify.CredentialCheck;
import io.dataraven.secrets.verify.Reason;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The real provider checks behind {@link CredentialCheck}: one table from auth method to its provider's check,
 * built once per container (one HTTP client for all).
 */
public final class ProviderChecks implements CredentialCheck {

    /**
     * Where the providers are; null for each public default. {@code allowPrivateEndpoints}: only for tests and the
     * local server, whose stand-ins listen on loopback.
     */
    public record Endpoints(URI sts, URI b2, URI azureBlob, URI gcsToken, boolean allowPrivateEndpoints) {
        public static final Endpoints PUBLIC = new Endpoints(null, null, null, null, false);
    }

    static final URI STS = URI.create("https://sts.amazonaws.com");
    static final URI B2 = URI.create("https://api.backblazeb2.com");

    private final Map<AuthMethod, MethodCheck> checks = new EnumMap<>(AuthMethod.class);

    public ProviderChecks(Endpoints endpoints, Clock clock) {
        this(endpoints, clock, CheckHttp.CONNECT_TIMEOUT, CheckHttp.REQUEST_TIMEOUT);
    }

    public ProviderChecks(Endpoints endpoints, Clock clock, Duration connectTimeout, Duration requestTimeout) {
        Objects.requireNonNull(endpoints, "endpoints");
        CheckHttp http = new CheckHttp(connectTimeout, requestTimeout, endpoints.allowPrivateEndpoints());
        SigV4Check sigV4 = new SigV4Check(http, or(endpoints.sts(), STS), clock);
        for (AuthMethod method : AuthMethod.values()) {
            if (method == AuthMethod.S3_ACCESS_KEY) {
                checks.put(method, sigV4::callerIdentity);
            } else if (CheckTarget.needsEndpoint(method)) {
                checks.put(method, (credentials, target) -> sigV4.listBuckets(method, credentials, target));
            }
        }
        checks.put(AuthMethod.B2_APPLICATION_KEY, new B2Check(http, or(endpoints.b2(), B2)));
        checks.put(AuthMethod.AZURE_SAS_URL, new AzureSasCheck(http, endpoints.azureBlob()));
        checks.put(AuthMethod.GCS_SERVICE_ACCOUNT, new GcsServiceAccountCheck(http,
                or(endpoints.gcsToken(), GcsServiceAccountCheck.TOKEN_ENDPOINT), clock));
        checks.put(AuthMethod.AZURE_ACCOUNT_KEY, new AzureSharedKeyCheck(http, endpoints.azureBlob(), clock));
    }

    @Override
    public CheckOutcome check(AuthMethod method, Credentials credentials, CheckTarget target) {
        MethodCheck check = checks.get(method);
        if (check == null) {
            return CheckOutcome.failed(Reason.PROVIDER_ERROR, "Verification of " + method.wire()
                    + " credentials is not available yet.");
        }
        try {
            return check.check(credentials, target);
        } catch (CheckHttp.Failure f) {
            return f.outcome();
        } catch (RuntimeException bug) {
            // Only the type: a message could quote what the provider or the credential held.
            return CheckOutcome.failed(Reason.PROVIDER_ERROR, "The check of " + method.wire() + " credentials "
                    + "failed on our side (" + bug.getClass().getSimpleName() + ").");
        }
    }

    private static URI or(URI given, URI fallback) {
        return given == null ? fallback : given;
    }
}
