package io.dataraven.secrets.apikey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key format {@code dr_<key_id>_<secret>} (spec §5.4): {@code key_id} 12 alphanumerics, the secret 256 random
 * bits in unpadded URL-safe base64 (43 characters). The key id is derived from the key's UUID, so both the
 * management routes (by id) and authentication (by key id) find the item with one GetItem.
 */
public final class ApiKeyTokens {

    public static final String PREFIX = "dr_";
    private static final Pattern FORMAT = Pattern.compile("dr_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] ALPHANUMERIC =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** A key as sent: its id and its secret part. */
    public record Parsed(String keyId, String secret) {
        @Override
        public String toString() {
            return "ApiKeyTokens.Parsed[keyId=" + keyId + "]"; // never the secret
        }
    }

    private ApiKeyTokens() {
    }

    /** Whether a bearer token claims to be an API key (JWTs never start with {@code dr_}: they start with "ey"). */
    public static boolean claimsKey(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    /** The parts of a well-formed key; null otherwise. */
    public static Parsed parse(String token) {
        Matcher m = token == null ? null : FORMAT.matcher(token);
        return m != null && m.matches() ? new Parsed(m.group(1), m.group(2)) : null;
    }

    /** 12 alphanumerics from the SHA-256 of the id: stable, and as unguessable as the id itself is unique. */
    public static String keyIdOf(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        byte[] digest = sha256(bytes.array());
        StringBuilder keyId = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            keyId.append(ALPHANUMERIC[(digest[i] & 0xff) % ALPHANUMERIC.length]);
        }
        return keyId.toString();
    }

    /** A fresh secret part: 256 bits from the system's CSPRNG. */
    public static String newSecret(SecureRandom random) {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    public static String fullKey(String keyId, String secret) {
        return PREFIX + keyId + "_" + secret;
    }

    /** What the table keeps instead of the secret. */
    public static String hash(String secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(secret.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Constant-time comparison of a sent secret with the stored hash. */
    public static boolean matches(String secret, String storedHash) {
        return storedHash != null && MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
