package io.dataraven.secrets.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dataraven.secrets.auth.JwtAuthenticator;
import io.dataraven.secrets.auth.Role;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The local identity provider: an RSA key made at start (so no token outlives the process), its public JWKS,
 * and RS256 session tokens shaped like the real ones, which the real {@link JwtAuthenticator} verifies.
 */
final class LocalTokens {

    static final String JWKS_PATH = "/local/.well-known/jwks.json";
    static final Duration LIFETIME = Duration.ofHours(1);

    private final RSAKey key;
    private final RSASSASigner signer;
    private final String issuer;
    private final String audience;

    LocalTokens(String issuer, String audience) {
        try {
            this.key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JwtAuthenticator.ALGORITHM)
                    .generate();
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate the local signing key", e);
        }
        this.issuer = issuer;
        this.audience = audience;
    }

    String issuer() {
        return issuer;
    }

    /** The public half only: what the server's authenticator trusts and the JWKS endpoint serves. */
    JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /** The JWKS document. */
    Map<String, Object> jwks() {
        return publicKeys().toJSONObject(true);
    }

    String mint(String subject, Map<UUID, Role> teams) {
        Map<String, Object> teamClaim = new LinkedHashMap<>();
        teams.forEach((team, role) -> teamClaim.put(team.toString(), role.wire()));
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim(JwtAuthenticator.TEAMS_CLAIM, teamClaim)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JwtAuthenticator.ALGORITHM)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a local token", e);
        }
        return jwt.serialize();
    }
}
