package io.dataraven.secrets.verify.provider;

import io.dataraven.secrets.common.OutboundHttp;
import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import io.dataraven.secrets.verify.Reason;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 family, signed with the AWS SDK's own SigV4 signer (no signing code of ours): AWS keys through STS
 * GetCallerIdentity (needs no permission at all, so any working key passes), S3-compatible keys through
 * ListBuckets at the endpoint the request names.
 */
final class SigV4Check {

    /** SHA-256 of the empty body: S3 wants the payload hash in a header of every SigV4 request. */
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final Set<String> BAD_KEY = Set.of("InvalidClientTokenId", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidToken");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "TokenRefreshRequired", "RequestExpired");
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "SlowDown",
            "RequestLimitExceeded", "TooManyRequests");
    private static final Pattern ACCOUNT = Pattern.compile("<Account>(\\d{12})</Account>");
    private static final Pattern ARN = Pattern.compile("<Arn>(arn:[A-Za-z0-9:/+=,.@_-]{1,2048})</Arn>");

    private final CheckHttp http;
    private final URI sts;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    SigV4Check(CheckHttp http, URI sts, Clock clock) {
        this.http = http;
        this.sts = sts;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    CheckOutcome callerIdentity(Credentials credentials, CheckTarget target) {
        URI uri = URI.create(sts + "/?Action=GetCallerIdentity&Version=2011-06-15");
        CheckHttp.Response response = send(uri, credentials, "sts", "us-east-1", "AWS STS");
        if (response.status() == 200) {
            Matcher account = ACCOUNT.matcher(response.body());
            Matcher arn = ARN.matcher(response.body());
            if (!account.find()) {
                return CheckOutcome.failed(Reason.PROVIDER_ERROR, "AWS STS answered GetCallerIdentity without an "
                        + "account.");
            }
            return CheckOutcome.ok("The key authenticated to AWS as " + (arn.find() ? arn.group(1)
                    : "account " + account.group(1)) + ".");
        }
        return refusal(response, "AWS STS");
    }

    CheckOutcome listBuckets(AuthMethod method, Credentials credentials, CheckTarget target) {
        URI endpoint = target.endpointUrl();
        String provider = method.secretType().wire() + " at " + endpoint.getHost();
        http.requirePublic(endpoint);
        String region = target.region() != null ? target.region()
                : method == AuthMethod.R2_ACCESS_KEY ? "auto" : "us-east-1";
        CheckHttp.Response response = send(URI.create(endpoint + "/"), credentials, "s3", region, provider);
        if (response.status() == 200) {
            return response.body().contains("ListAllMyBucketsResult")
                    ? CheckOutcome.ok("The key authenticated to " + provider + ".")
                    : CheckOutcome.failed(Reason.PROVIDER_ERROR, provider + " answered ListBuckets with something "
                    + "that is not an S3 bucket list; check endpoint_url.");
        }
        if (response.status() == 403 && response.xmlCode().filter("AccessDenied"::equals).isPresent()) {
            // The signature was accepted; the key is scoped (to a bucket, say) and may not list them all.
            return CheckOutcome.ok("The key authenticated to " + provider + "; it may not list buckets (AccessDenied),"
                    + " which a key scoped to some buckets never may.");
        }
        return refusal(response, provider);
    }

    private CheckHttp.Response send(URI uri, Credentials credentials, String service, String region,
                                    String provider) {
        Map<String, String> values = credentials.values();
        String keyId = values.getOrDefault("access_key_id", "");
        String secret = values.getOrDefault("secret_access_key", "");
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri)
                .putHeader("x-amz-content-sha256", EMPTY_SHA256).build();
        SignedRequest signed = signer.sign(r -> r.identity(AwsCredentialsIdentity.create(keyId, secret))
                .request(unsigned)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        OutboundHttp.Request request = http.get(uri);
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            // The client sets Host itself, from the same URI the signature covers.
            if (!header.getKey().equalsIgnoreCase("host")) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return http.send(request, provider);
    }

    /** A non-200 answer: the error's code (a fixed word of the provider's; its message may echo input). */
    private static CheckOutcome refusal(CheckHttp.Response response, String provider) {
        CheckOutcome server = CheckHttp.serverError(response, provider, "SlowDown", "ServiceUnavailable");
        if (server != null) {
            return server;
        }
        String code = response.xmlCode().orElse(null);
        if (code != null && BAD_KEY.contains(code)) {
            return CheckOutcome.failed(Reason.AUTH_FAILED, provider + " refused the key (" + code + "): the key id "
                    + "or secret is wrong, or the key was deactivated or deleted.");
        }
        if (code != null && EXPIRED.contains(code)) {
            return CheckOutcome.failed(Reason.EXPIRED, provider + " says the credentials have expired (" + code
                    + ").");
        }
        if (code != null && THROTTLED.contains(code)) {
            return CheckOutcome.failed(Reason.RATE_LIMITED, provider + " is throttling requests (" + code
                    + "); retry later.", response.retryAfterSeconds());
        }
        if (code != null && code.equals("AuthorizationHeaderMalformed")) {
            return CheckOutcome.failed(Reason.PROVIDER_ERROR, provider + " expects another signing region "
                    + "(AuthorizationHeaderMalformed); give the bucket's region as region.");
        }
        return CheckOutcome.failed(Reason.PROVIDER_ERROR, provider + " answered HTTP " + response.status()
                + (code == null ? "" : " (" + code + ")") + ".");
    }
}
