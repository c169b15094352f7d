package io.dataraven.secrets.credential;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataraven.secrets.common.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a credential field holds, with its length cap and the provider check users would expect. A check
 * returns a problem description that never quotes the value: it is a credential.
 */
public enum FieldKind {
    /** Access key ids of S3-style providers and B2 key ids: printable, no whitespace. */
    ACCESS_KEY_ID(256) {
        @Override
        Optional<String> problem(String value) {
            return noWhitespace(value);
        }
    },
    /** Secret keys of S3-style providers and B2 application keys. */
    SECRET_KEY(1024) {
        @Override
        Optional<String> problem(String value) {
            return noWhitespace(value);
        }
    },
    /** Azure storage account names: 3-24 lower-case letters and digits (Azure's own rule). */
    ACCOUNT_NAME(24) {
        @Override
        Optional<String> problem(String value) {
            return AZURE_ACCOUNT.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("must be an Azure storage account name: 3-24 lower-case letters and digits");
        }
    },
    /** Azure account keys are base64. */
    ACCOUNT_KEY(512) {
        @Override
        Optional<String> problem(String value) {
            try {
                if (Base64.getDecoder().decode(value).length > 0) {
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                // reported below, without echoing the value
            }
            return Optional.of("must be a base64-encoded Azure storage account key");
        }
    },
    /** A container or account SAS URL: https on *.blob.core.windows.net, carrying a signature. */
    SAS_URL(4096) {
        @Override
        Optional<String> problem(String value) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                return Optional.of("must be a valid URL");
            }
            if (!"https".equalsIgnoreCase(uri.getScheme())) {
                return Optional.of("must be an https URL");
            }
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (!host.endsWith(".blob.core.windows.net") || host.length() == ".blob.core.windows.net".length()) {
                return Optional.of("must point at an Azure Blob endpoint (<account>.blob.core.windows.net)");
            }
            String query = uri.getRawQuery();
            if (query == null || !hasSignature(query)) {
                return Optional.of("must carry a SAS token with a signature (sig=...) in its query string");
            }
            return Optional.empty();
        }
    },
    /** The whole Google service-account key file, as a string. */
    SERVICE_ACCOUNT_JSON(4096) {
        @Override
        Optional<String> problem(String value) {
            JsonNode key;
            try {
                key = Json.read(value);
            } catch (IOException e) {
                // The parser refuses a field given twice (which one would Google read?): say so, not "no JSON".
                return Optional.of(Json.duplicateField(e)
                        ? "must be the service account key file's JSON, but a field appears twice"
                        : "must be the service account key file's JSON, but it does not parse as JSON");
            }
            if (key == null || !key.isObject()) {
                return Optional.of("must be a JSON object (the service account key file)");
            }
            if (!"service_account".equals(key.path("type").asText(null))) {
                return Optional.of("must be a key file of \"type\": \"service_account\"");
            }
            for (String required : new String[] {"client_email", "private_key"}) {
                JsonNode field = key.get(required);
                if (field == null || !field.isTextual() || field.asText().isBlank()) {
                    return Optional.of("must contain a non-empty \"" + required + "\" string");
                }
            }
            return Optional.empty();
        }
    };

    private static final Pattern AZURE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

    private final int maxLength;

    FieldKind(int maxLength) {
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The problem with this (non-empty, length-checked) value, if any. */
    abstract Optional<String> problem(String value);

    private static Optional<String> noWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of("must not contain whitespace or control characters");
            }
        }
        return Optional.empty();
    }

    private static boolean hasSignature(String query) {
        for (String part : query.split("&")) {
            if (part.startsWith("sig=") && part.length() > 4) {
                return true;
            }
        }
        return false;
    }
}
