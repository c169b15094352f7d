package io.dataraven.secrets.benchmark;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** RS256 tokens and the matching JWKS with the JDK alone (the orchestrator has no library on its classpath). */
final class Jwt {

    static final String ISSUER = "https://auth.bench.dataraven.invalid/";
    static final String AUDIENCE = "dataraven-secrets";
    static final String KID = "bench-key-1";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;

    Jwt() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    /** {"keys":[...]} with the public key, as an identity provider serves it. */
    String jwksJson() {
        RSAPublicKey key = publicKey();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KID + "\",\"n\":\""
                + B64.encodeToString(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(key.getPublicExponent().toByteArray())) + "\"}]}";
    }

    /** A token valid for an hour, for {@code subject} with the given roles per team id. */
    String token(String subject, Map<String, String> teamRoles) {
        long now = System.currentTimeMillis() / 1000;
        String teams = teamRoles.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
        String claims = "{\"sub\":\"" + subject + "\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"iat\":"
                + now + ",\"exp\":" + (now + 3600) + ",\"teams\":" + teams + "}";
        String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(byte[] bytes) {
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
