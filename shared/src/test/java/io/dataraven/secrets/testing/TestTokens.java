package io.dataraven.secrets.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dataraven.secrets.auth.JwtAuthenticator;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Mints RS256 tokens with a key made per instance, and an authenticator that trusts exactly that key. */
public final class TestTokens {

    public static final String ISSUER = "https://auth.test.dataraven.io/";
    public static final String AUDIENCE = "dataraven-secrets";

    /** One key per test JVM: RSA key generation is slow, and tests that need a stranger key make their own. */
    private static final RSAKey SHARED_KEY = generate();

    private final RSAKey key = SHARED_KEY;

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public JwtAuthenticator authenticator() {
        return new JwtAuthenticator(new ImmutableJWKSet<SecurityContext>(new JWKSet(key.toPublicJWK())), ISSUER, AUDIENCE);
    }

    public JWKSet publicJwks() {
        return new JWKSet(key.toPublicJWK());
    }

    /** A valid token for {@code subject} with one role in one team. */
    public String token(String subject, UUID team, String role) {
        return token(subject, Map.of(team.toString(), role), c -> { });
    }

    public String token(String subject, Map<String, Object> teams, Consumer<JWTClaimsSet.Builder> tweak) {
        JWTClaimsSet.Builder claims = claims(subject, teams);
        tweak.accept(claims);
        return sign(claims.build(), key);
    }

    /** The claims of a valid token, for tests that sign with a key of their own. */
    public static JWTClaimsSet.Builder claims(String subject, Map<String, Object> teams) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim(JwtAuthenticator.TEAMS_CLAIM, teams);
    }

    public static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(with.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
