package io.dataraven.secrets.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DateUtils;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.dataraven.secrets.common.Ids;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Verifies session JWTs with nimbus: only the canonical compact form is read, the algorithm is pinned (RS256), keys
 * come from a JWKS URL through a cached source built once per container, and issuer, audience, expiry and issue
 * time (60 s skew) and subject are checked. Team roles come from the {@value #TEAMS_CLAIM} claim: an object mapping
 * team ids to role names. A key source that cannot answer is a {@link TokenKeysUnavailableException} (503).
 */
public final class JwtAuthenticator implements Authenticator {

    public static final String TEAMS_CLAIM = "teams";
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.RS256;
    static final int MAX_CLOCK_SKEW_SECONDS = 60;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder BASE64URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());
    /** Connect and read timeout of a JWKS fetch (each); a waiting request gives up on a refresh after 5 s. */
    private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(2);

    private final JWKSource<SecurityContext> keys;
    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final SessionClaimsVerifier claimsVerifier;
    private final String issuer;
    private final String audience;

    public JwtAuthenticator(JWKSource<SecurityContext> keys, String issuer, String audience) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.claimsVerifier = new SessionClaimsVerifier(issuer, audience);
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHM, keys));
        jwtProcessor.setJWTClaimsSetVerifier(claimsVerifier);
        this.processor = jwtProcessor;
    }

    /** The claim checks and the role reading of a verified token, on claims made up here; the result is dropped. */
    @Override
    public void prime() {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("snapstart-priming").issuer(issuer)
                .audience(audience).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                // One well-formed team entry: a real token has them, and each runs the role lookup (an empty map
                // left that lambda to the first request after the snapshot).
                .claim(TEAMS_CLAIM, Map.of("00000000-0000-4000-8000-00000000000a", "owner")).build();
        try {
            claimsVerifier.verify(claims, null);
            teamRoles(claims);
        } catch (BadJWTException | RuntimeException e) {
            // priming only: whatever failed here fails again, and is reported, on a real token
        }
    }

    /** nimbus' claim checks, stricter where nimbus is lenient. */
    private static final class SessionClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

        private static final Set<String> REQUIRED = Set.of("sub", "exp", "iat", TEAMS_CLAIM);

        SessionClaimsVerifier(String issuer, String audience) {
            super(audience, new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED);
            setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            // nimbus counts a claim that is JSON null as present, and skips its checks: "exp": null never expired.
            Set<String> missing = new TreeSet<>();
            for (String name : REQUIRED) {
                if (claims.getClaim(name) == null) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw new BadJWTException("JWT missing required claims: " + missing);
            }
            // nimbus checks exp and nbf against the clock, not iat: a token from the future is not one we issued.
            if (!DateUtils.isBefore(claims.getIssueTime(), currentTime(), getMaxClockSkew())) {
                throw new BadJWTException("JWT issue time (iat) is in the future");
            }
        }
    }

    /** Keys from a JWKS URL: fetched on first use, cached, refreshed ahead of expiry, rate limited on misses. */
    public static JwtAuthenticator fromJwksUrl(String jwksUrl, String issuer, String audience) {
        return fromJwksUrl(jwksUrl, issuer, audience, JWKS_TIMEOUT);
    }

    static JwtAuthenticator fromJwksUrl(String jwksUrl, String issuer, String audience, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        try {
            JWKSource<SecurityContext> source = JWKSourceBuilder
                    .create(URI.create(jwksUrl).toURL(), new DefaultResourceRetriever(millis, millis, 512 * 1024))
                    .cache(TimeUnit.MINUTES.toMillis(15), TimeUnit.SECONDS.toMillis(5))
                    .build();
            return new JwtAuthenticator(source, issuer, audience);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("JWKS_URL is not a valid URL: " + jwksUrl, e);
        }
    }

    @Override
    public Principal authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new AuthenticationException("Missing bearer token: send Authorization: Bearer <token>.");
        }
        SignedJWT jwt = parse(bearerToken);
        JWTClaimsSet claims = verify(jwt);
        return new Principal(subject(jwt), teamRoles(claims));
    }

    private static SignedJWT parse(String token) {
        if (!isCanonicalCompactJws(token)) {
            throw new AuthenticationException("Invalid token: a JWT is three canonical base64url segments.");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new AuthenticationException("Invalid token: not a JWT.");
        }
    }

    /**
     * Exactly three segments, each in the one spelling base64url allows: nimbus decodes leniently (padding, +/,
     * stray characters, set unused bits), so one signature would have many spellings, each a token that verifies.
     */
    private static boolean isCanonicalCompactJws(String token) {
        String[] segments = token.split("\\.", -1);
        if (segments.length != 3) {
            return false;
        }
        for (String segment : segments) {
            if (!BASE64URL.matcher(segment).matches()) {
                return false;
            }
            try {
                // Re-encoding tells unused bits apart: only the spelling with them zero comes back the same.
                if (!BASE64URL_ENCODER.encodeToString(BASE64URL_DECODER.decode(segment)).equals(segment)) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false; // a length no encoding has (4n + 1)
            }
        }
        return true;
    }

    private JWTClaimsSet verify(SignedJWT jwt) {
        try {
            return processor.process(jwt, null);
        } catch (BadJWTException e) {
            // Claim problems (expired, wrong issuer or audience): nimbus' message names the claim, never a secret.
            throw new AuthenticationException("Invalid token: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw notAccepted();
        } catch (RateLimitReachedException e) {
            // A refetch was due (unknown key id, or no usable key set) but the last one was too recent: with keys
            // at hand the token's key is simply not among them (401); without, our key source failed (503).
            throw hasKeysAtHand() ? notAccepted() : keysUnavailable();
        } catch (JWKSetUnavailableException | RemoteKeySourceException e) {
            // The JWKS is unreachable, slow, failing (5xx) or garbled: not the caller's fault, so 503 and retry.
            // (The cached source throws JWKSetUnavailableException; RemoteKeySourceException is the older one's.)
            throw keysUnavailable();
        } catch (JOSEException e) {
            throw new AuthenticationException("Invalid token: it could not be verified.");
        }
    }

    /** Whether the key source answers from its cache without a fetch (the probe selects any key, so none is due). */
    private boolean hasKeysAtHand() {
        try {
            return !keys.get(ANY_KEY, null).isEmpty();
        } catch (KeySourceException e) {
            return false;
        }
    }

    private static AuthenticationException notAccepted() {
        return new AuthenticationException("Invalid token: signature or algorithm not accepted.");
    }

    private static TokenKeysUnavailableException keysUnavailable() {
        return new TokenKeysUnavailableException("Token keys could not be fetched; retry shortly.");
    }

    /** The subject as sent: nimbus' claims set turns a numeric sub into a string, and a null one into none. */
    private static String subject(SignedJWT jwt) {
        if (jwt.getPayload().toJSONObject().get("sub") instanceof String subject && !subject.isBlank()) {
            return subject;
        }
        throw new AuthenticationException("Invalid token: the sub claim must be a non-empty string.");
    }

    private static Map<UUID, Role> teamRoles(JWTClaimsSet claims) {
        Map<String, Object> raw;
        try {
            raw = claims.getJSONObjectClaim(TEAMS_CLAIM);
        } catch (ParseException e) {
            throw new AuthenticationException("Invalid token: the teams claim must map team ids to roles.");
        }
        Map<UUID, Role> roles = new HashMap<>();
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            // As strict as a team id in a path (UUID.fromString takes 1-1-1-1-1); a malformed one grants nothing.
            UUID team = Ids.parseUuid(entry.getKey());
            if (team != null && entry.getValue() instanceof String name) {
                Role.fromWire(name).ifPresent(role -> roles.put(team, role));
            }
        }
        return roles;
    }
}
