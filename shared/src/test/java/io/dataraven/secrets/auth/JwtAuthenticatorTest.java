package io.dataraven.secrets.auth;

import io.dataraven.secrets.testing.Failures;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.dataraven.secrets.api.ApiException;
import io.dataraven.secrets.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtAuthenticatorTest {

    private static final UUID TEAM = UUID.fromString("6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5f");
    private final TestTokens tokens = new TestTokens();
    private final JwtAuthenticator authenticator = tokens.authenticator();

    private void assertUnauthorized(String token, String messagePart) {
        assertThatThrownBy(() -> authenticator.authenticate(token))
                .isInstanceOfSatisfying(AuthenticationException.class, thrown -> {
                    ApiException e = Failures.http(thrown);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.headers()).containsKey("WWW-Authenticate");
                    assertThat(e.getMessage()).containsIgnoringCase(messagePart);
                });
    }

    @Test
    void validTokenGivesSubjectAndTeamRoles() {
        UUID other = UUID.randomUUID();
        String token = tokens.token("user-1", Map.of(TEAM.toString(), "admin", other.toString(), "viewer",
                "not-a-uuid", "owner", UUID.randomUUID().toString(), "superuser"), c -> { });
        Principal principal = authenticator.authenticate(token);
        assertThat(principal.subject()).isEqualTo("user-1");
        assertThat(principal.teamRoles()).containsExactlyInAnyOrderEntriesOf(Map.of(TEAM, Role.ADMIN, other, Role.VIEWER));
    }

    @Test
    void missingTokenIs401() {
        assertUnauthorized(null, "missing");
        assertUnauthorized(" ", "missing");
    }

    @Test
    void garbageIs401() {
        assertUnauthorized("not.a.jwt", "invalid token");
        assertUnauthorized("abc", "invalid token");
    }

    @Test
    void expiredTokenIs401() {
        Instant past = Instant.now().minusSeconds(3600);
        assertUnauthorized(tokens.token("u", Map.of(TEAM.toString(), "admin"), c -> c
                .issueTime(Date.from(past.minusSeconds(60))).expirationTime(Date.from(past))), "expired");
    }

    @Test
    void expiryWithinClockSkewIsAccepted() {
        Instant justNow = Instant.now().minusSeconds(JwtAuthenticator.MAX_CLOCK_SKEW_SECONDS / 2);
        String token = tokens.token("u", Map.of(TEAM.toString(), "admin"), c -> c.expirationTime(Date.from(justNow)));
        assertThat(authenticator.authenticate(token).subject()).isEqualTo("u");
    }

    @Test
    void wrongIssuerOrAudienceIs401() {
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.issuer("https://evil.example/")), "iss");
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.audience("someone-else")), "aud");
    }

    @Test
    void missingTeamsClaimIs401() {
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.claim("teams", null)), "teams");
    }

    @Test
    void teamsClaimThatIsNotAnObjectIs401() {
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.serializeNullClaims(true).claim("teams", null)), "teams");
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.claim("teams", List.of(TEAM.toString()))), "teams");
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.claim("teams", "admin")), "teams");
    }

    @Test
    void requiredClaimsThatAreJsonNullCountAsMissing() {
        // "exp": null would otherwise be a token that never expires.
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.serializeNullClaims(true).expirationTime(null)), "exp");
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.serializeNullClaims(true).issueTime(null)), "iat");
    }

    @Test
    void tokenIssuedInTheFutureIs401() {
        Instant later = Instant.now().plusSeconds(JwtAuthenticator.MAX_CLOCK_SKEW_SECONDS + 60);
        assertUnauthorized(tokens.token("u", Map.of(TEAM.toString(), "admin"), c -> c
                .issueTime(Date.from(later)).expirationTime(Date.from(later.plusSeconds(600)))), "iat");
    }

    @Test
    void issueTimeWithinClockSkewIsAccepted() {
        Instant soon = Instant.now().plusSeconds(JwtAuthenticator.MAX_CLOCK_SKEW_SECONDS / 2);
        String token = tokens.token("u", Map.of(TEAM.toString(), "admin"), c -> c.issueTime(Date.from(soon)));
        assertThat(authenticator.authenticate(token).subject()).isEqualTo("u");
    }

    @Test
    void subjectMustBeANonEmptyString() {
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.claim("sub", 123)), "sub");
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.serializeNullClaims(true).claim("sub", null)), "sub");
        assertUnauthorized(tokens.token("u", Map.of(), c -> c.claim("sub", true)), "invalid token");
        assertUnauthorized(tokens.token("", Map.of(), c -> { }), "sub");
    }

    @Test
    void teamIdsMustBeCanonicalUuidsAsInPaths() {
        String token = tokens.token("u", Map.of("1-1-1-1-1", "owner", "6f1c2a9e-7d1b-4c3a-9e55-0a1b2c3d4e5", "owner",
                TEAM.toString().toUpperCase(Locale.ROOT), "viewer"), c -> { });
        assertThat(authenticator.authenticate(token).teamRoles()).containsExactlyEntriesOf(Map.of(TEAM, Role.VIEWER));
    }

    @Test
    void onlyTheCanonicalSpellingOfAGenuineTokenIsAccepted() {
        String token = tokens.token("u", Map.of(TEAM.toString(), "admin"), c -> { });
        assertThat(authenticator.authenticate(token).subject()).isEqualTo("u");
        String[] parts = token.split("\\.");
        String header = parts[0];
        String payload = parts[1];
        String signature = parts[2];
        // nimbus decodes leniently: each of these still decodes to the genuine bytes, and so used to verify.
        List<String> respelled = new ArrayList<>(List.of(
                token + "\0",
                token + "==",
                header + "." + payload + "." + signature.substring(0, 10) + "!" + signature.substring(10),
                header + "." + payload + "." + signature.substring(0, 10) + " " + signature.substring(10),
                header + "." + payload + "." + withNonZeroUnusedBits(signature),
                header + "==." + payload + "." + signature,
                header + "." + payload + "=." + signature,
                header.substring(0, 5) + "$" + header.substring(5) + "." + payload + "." + signature,
                header + "." + payload.substring(0, 5) + "\n" + payload.substring(5) + "." + signature,
                // Not three segments.
                token + ".",
                token + "." + signature,
                header + "." + payload + ".",
                "." + payload + "." + signature,
                header + "." + payload));
        String otherAlphabet = signature.replace('-', '+').replace('_', '/');
        if (!otherAlphabet.equals(signature)) { // almost always: a signature without - or _ has nothing to swap
            respelled.add(header + "." + payload + "." + otherAlphabet);
        }
        for (String variant : respelled) {
            assertUnauthorized(variant, "three canonical base64url segments");
        }
    }

    /** The same decoded bytes, with the last character's unused low bits set (a 256-byte signature leaves four). */
    private static String withNonZeroUnusedBits(String segment) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(segment.charAt(segment.length() - 1));
        assertThat(segment.length() % 4).as("a segment whose last character has unused bits").isNotZero();
        return segment.substring(0, segment.length() - 1) + alphabet.charAt(last | 1);
    }

    @Test
    void tokenSignedByAnotherKeyIs401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        assertUnauthorized(TestTokens.sign(TestTokens.claims("u", Map.of()).build(), stranger), "invalid token");
    }

    @Test
    void unsignedAndHmacTokensAreRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("u").issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .claim("teams", Map.of(TEAM.toString(), "owner")).build();
        assertUnauthorized(new PlainJWT(claims).serialize(), "invalid token");
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef0123456789abcdef"));
        assertUnauthorized(hmac.serialize(), "invalid token");
    }

    @Test
    void roleChecksFollowTheHierarchy() {
        Principal principal = new Principal("u", Map.of(TEAM, Role.OPERATOR));
        principal.require(TEAM, Role.VIEWER);
        principal.require(TEAM, Role.OPERATOR);
        assertThatThrownBy(() -> principal.require(TEAM, Role.ADMIN))
                .isInstanceOfSatisfying(AccessDeniedException.class, thrown -> {
                    ApiException e = Failures.http(thrown);
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("admin").contains("operator");
                });
        assertThatThrownBy(() -> principal.require(UUID.randomUUID(), Role.VIEWER))
                .isInstanceOfSatisfying(AccessDeniedException.class,
                        e -> assertThat(io.dataraven.secrets.api.ApiErrors.map(e).status()).isEqualTo(403));
        assertThat(Role.OWNER.atLeast(Role.ADMIN)).isTrue();
        assertThat(Role.VIEWER.atLeast(Role.OPERATOR)).isFalse();
    }
}
