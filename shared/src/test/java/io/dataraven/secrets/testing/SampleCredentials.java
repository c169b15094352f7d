package io.dataraven.secrets.testing;

import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.CredentialField;

import java.util.LinkedHashMap;
import java.util.Map;

/** Valid (fake) credential sets for every auth method, built from the schema table itself. */
public final class SampleCredentials {

    /** Recognizable markers: tests assert they never show up in responses or logs. */
    public static final String SECRET_MARKER = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public static final String SERVICE_ACCOUNT_JSON = "{\"type\":\"service_account\",\"project_id\":\"demo\","
            + "\"private_key_id\":\"abc\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"
            + "\\n-----END PRIVATE KEY-----\\n\",\"client_email\":\"transfer@demo.iam.gserviceaccount.com\","
            + "\"client_id\":\"1234567890\"}";

    public static final String SAS_URL = "https://acct01.blob.core.windows.net/backups?sp=racwdl&st=2026-01-01T00:00:00Z"
            + "&se=2027-01-01T00:00:00Z&spr=https&sv=2022-11-02&sr=c&sig=AbCdEf0123456789%2BsigValue%3D";

    private SampleCredentials() {
    }

    public static Map<String, String> valid(AuthMethod method) {
        Map<String, String> values = new LinkedHashMap<>();
        for (CredentialField field : method.fields()) {
            values.put(field.name(), switch (field.kind()) {
                case ACCESS_KEY_ID -> "AKIAIOSFODNN7EXAMPLE";
                case SECRET_KEY -> SECRET_MARKER;
                case ACCOUNT_NAME -> "acct01";
                case ACCOUNT_KEY -> "c2VjcmV0LWFjY291bnQta2V5LWZvci10ZXN0cy1vbmx5LTAxMjM0NTY3ODk=";
                case SAS_URL -> SAS_URL;
                case SERVICE_ACCOUNT_JSON -> SERVICE_ACCOUNT_JSON;
            });
        }
        return values;
    }
}
