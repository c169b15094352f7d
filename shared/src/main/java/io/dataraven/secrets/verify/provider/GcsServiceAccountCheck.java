package io.dataraven.secrets.verify.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import io.dataraven.secrets.verify.Reason;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;

/**
 * Google Cloud Storage with a service-account key: the OAuth 2.0 JWT-bearer exchange every Google client makes, a
 * JWT signed with the key (RS256, issuer the service account, the read-only storage scope) traded for an access
 * token. A token proves the key is the account's and neither is deleted or disabled; the token is dropped unread.
 *
 * <p>The token endpoint is always Google's (or the configured stand-in), never the key file's {@code token_uri}:
 * a stored key must not choose where a signed assertion is sent.
 */
final class GcsServiceAccountCheck implements MethodCheck {

    static final URI TOKEN_ENDPOINT = URI.create("https://oauth2.googleapis.com/token");
    static final String SCOPE = "https://www.googleapis.com/auth/devstorage.read_only";
    private static final String PROVIDER = "Google Cloud";
    /** A minute is enough for one exchange; Google accepts at most an hour. */
    private static final long LIFETIME_SECONDS = 60;

    private final CheckHttp http;
    private final URI tokenEndpoint;
    private final Clock clock;

    GcsServiceAccountCheck(CheckHttp http, URI tokenEndpoint, Clock clock) {
        this.http = http;
        this.tokenEndpoint = tokenEndpoint;
        this.clock = clock;
    }

    @Override
    public CheckOutcome check(Credentials credentials, CheckTarget target) {
        JsonNode key = CheckHttp.json(credentials.values().getOrDefault("service_account_json", ""));
        String email = key.path("client_email").asText("");
        if (!email.matches("[A-Za-z0-9._%+-]{1,100}@[A-Za-z0-9.-]{1,200}")) {
            return CheckOutcome.failed(Reason.AUTH_FAILED, "The stored key file has no well-formed client_email.");
        }
        RSAPrivateKey privateKey = privateKey(key.path("private_key").asText(""));
        if (privateKey == null) {
            return CheckOutcome.failed(Reason.AUTH_FAILED, "The stored key file's private_key is not a PKCS#8 RSA "
                    + "private key in PEM.");
        }
        String assertion = assertion(email, key.path("private_key_id").asText(null), privateKey);
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + assertion;
        CheckHttp.Response response = http.send(http.post(tokenEndpoint, form.getBytes(StandardCharsets.UTF_8))
                .header("Content-Type", "application/x-www-form-urlencoded"), PROVIDER);
        return answer(response, email);
    }

    private String assertion(String email, String keyId, RSAPrivateKey privateKey) {
        Instant now = clock.instant();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256);
        if (keyId != null && keyId.matches("[A-Za-z0-9]{1,100}")) {
            header.keyID(keyId);
        }
        SignedJWT jwt = new SignedJWT(header.build(), new JWTClaimsSet.Builder()
                .issuer(email)
                .claim("scope", SCOPE)
                .audience(TOKEN_ENDPOINT.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(LIFETIME_SECONDS)))
                .build());
        try {
            jwt.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            // The key parsed as RSA; a signer that refuses it (e.g. under 2048 bits) says nothing secret.
            throw CheckHttp.failure(Reason.AUTH_FAILED, "The stored private_key cannot sign an RS256 assertion ("
                    + e.getClass().getSimpleName() + ").");
        }
        return jwt.serialize();
    }

    private static CheckOutcome answer(CheckHttp.Response response, String email) {
        String account = "service account " + email;
        JsonNode body = response.json();
        if (response.status() == 200) {
            return body.path("access_token").isTextual()
                    ? CheckOutcome.ok("The key of " + account + " was exchanged for a " + PROVIDER + " token.")
                    : CheckOutcome.failed(Reason.PROVIDER_ERROR, PROVIDER + " answered the token exchange without "
                    + "an access token.");
        }
        CheckOutcome server = CheckHttp.serverError(response, PROVIDER);
        if (server != null) {
            return server;
        }
        String error = body.path("error").asText("");
        String description = body.path("error_description").asText("").toLowerCase(Locale.ROOT);
        if (error.equals("invalid_grant") && (description.contains("iat") || description.contains("timeframe"))) {
            // Our clock, not the key: the assertion's times were refused.
            return CheckOutcome.failed(Reason.PROVIDER_ERROR, PROVIDER + " refused the assertion's times "
                    + "(invalid_grant); our clock may be off. Retry later.");
        }
        if (error.equals("invalid_grant") || error.equals("unauthorized_client") || error.equals("disabled_client")
                || response.status() == 401) {
            String why = description.contains("not found") ? "the service account does not exist"
                    : description.contains("disabled") ? "the service account or its key is disabled"
                    : "the key is wrong or was deleted";
            return CheckOutcome.failed(Reason.AUTH_FAILED, PROVIDER + " refused the key of " + account + " ("
                    + (error.matches("[a-z_]{1,40}") ? error : "HTTP " + response.status()) + "): " + why + ".");
        }
        return CheckOutcome.failed(Reason.PROVIDER_ERROR, PROVIDER + " answered HTTP " + response.status()
                + (error.matches("[a-z_]{1,40}") ? " (" + error + ")" : "") + ".");
    }

    /** The key of a PKCS#8 PEM block ({@code -----BEGIN PRIVATE KEY-----}, as Google issues them), or null. */
    static RSAPrivateKey privateKey(String pem) {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            return null;
        }
    }
}
