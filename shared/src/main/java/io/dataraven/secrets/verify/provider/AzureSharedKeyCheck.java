package io.dataraven.secrets.verify.provider;

import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import io.dataraven.secrets.verify.Reason;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Azure Blob with an account name and key: List Containers on the account (at most one), signed with Shared Key.
 * The cheapest call that proves the key: it needs no container name, and every account key may make it.
 *
 * <p>The signature is built here (about 40 lines) rather than with the Azure SDK: that SDK brings its own HTTP
 * stack (Netty by default), which our artifacts exclude, for one signed GET.
 */
final class AzureSharedKeyCheck implements MethodCheck {

    /** Shared Key wants an RFC 1123 date with a two-digit day (the JDK's RFC_1123 formatter prints one digit). */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final CheckHttp http;
    private final URI blobBase;
    private final Clock clock;

    /** {@code blobBase}: null for {@code https://<account>.blob.core.windows.net} (tests give a stand-in). */
    AzureSharedKeyCheck(CheckHttp http, URI blobBase, Clock clock) {
        this.http = http;
        this.blobBase = blobBase;
        this.clock = clock;
    }

    @Override
    public CheckOutcome check(Credentials credentials, CheckTarget target) {
        String account = credentials.values().getOrDefault("account_name", "");
        byte[] key;
        try {
            key = Base64.getDecoder().decode(credentials.values().getOrDefault("account_key", ""));
        } catch (IllegalArgumentException e) {
            return CheckOutcome.failed(Reason.AUTH_FAILED, "The stored account_key is not base64.");
        }
        if (!account.matches("[a-z0-9]{3,24}") || key.length == 0) {
            return CheckOutcome.failed(Reason.AUTH_FAILED, "The stored account name or key is not well-formed.");
        }
        String provider = "Azure Blob account " + account;
        URI uri = URI.create((blobBase != null ? blobBase.toString() : "https://" + account
                + ".blob.core.windows.net") + "/?comp=list&maxresults=1");
        if (blobBase == null) {
            http.requirePublic(uri);
        }
        Map<String, String> msHeaders = new TreeMap<>();
        msHeaders.put("x-ms-date", HTTP_DATE.format(clock.instant()));
        msHeaders.put("x-ms-version", AzureSasCheck.VERSION);
        String signature = sign(key, stringToSign("GET", account, uri, msHeaders));
        var request = http.get(uri);
        msHeaders.forEach(request::header);
        CheckHttp.Response response = http.send(request.header("Authorization", "SharedKey " + account + ":"
                + signature), provider);
        return AzureSasCheck.answer(response, provider, "the account key");
    }

    /**
     * Shared Key's string to sign for a request without a body (Blob service, version 2009-09-19 and later): the
     * verb, eleven standard headers we never send (empty lines; {@code Date} is empty because {@code x-ms-date} is
     * sent), the {@code x-ms-} headers sorted, then the resource: {@code /account/path} and each query parameter as
     * {@code \nname:value}, names lower-cased and sorted, values decoded.
     *
     * @param msHeaders the request's {@code x-ms-} headers, names lower-case
     */
    static String stringToSign(String verb, String account, URI uri, Map<String, String> msHeaders) {
        StringBuilder s = new StringBuilder(verb).append('\n');
        s.append("\n".repeat(11));
        new TreeMap<>(msHeaders).forEach((name, value) -> s.append(name).append(':').append(value.trim())
                .append('\n'));
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        s.append('/').append(account).append(path);
        Map<String, String> query = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                // A repeated parameter: its values joined by commas, as the service canonicalizes them.
                query.merge(name, value, (a, b) -> a + "," + b);
            }
        }
        query.forEach((name, value) -> s.append('\n').append(name).append(':').append(value));
        return s.toString();
    }

    /** Base64 of HMAC-SHA256 over the string to sign, keyed by the decoded account key. */
    static String sign(byte[] key, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
