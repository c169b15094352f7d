package io.dataraven.secrets.store;

import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.credential.CredentialStore.CredentialAlreadyExistsException;
import io.dataraven.secrets.credential.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dataraven.secrets.store.StoreFixtures.SECRET_ACCESS_KEY;
import static io.dataraven.secrets.store.StoreFixtures.s3Credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What every credential store (in memory, SSM) must do. Each test uses paths of its own. */
public abstract class CredentialStoreContract {

    protected abstract CredentialStore store();

    /** The path prefix this run may write under (IAM scopes the real functions to one). */
    protected CredentialPaths paths() {
        return StoreFixtures.PATHS;
    }

    private final UUID team = UUID.randomUUID();
    private final List<String> written = new ArrayList<>();

    private String newPath() {
        String path = paths().secret(team, UUID.randomUUID());
        written.add(path);
        return path;
    }

    @AfterEach
    void removeWhatThisTestWrote() {
        written.forEach(path -> store().delete(path));
    }

    @Test
    void createdCredentialsReadBackExactly() {
        String path = newPath();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("service_account_json", "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIE\\n\"}");
        values.put("note", "caf\u00e9 \u2603 tab\tnewline\nquote\" backslash\\");
        Credentials credentials = new Credentials(values);

        store().create(path, credentials);

        assertThat(store().read(path)).contains(credentials);
    }

    @Test
    void listShowsEveryParameterUnderThePrefixWithItsAgeAndNoValue() {
        String first = newPath();
        String second = newPath();
        store().create(first, s3Credentials());
        store().create(second, s3Credentials());
        String teamPrefix = first.substring(0, first.indexOf("/secrets/"));

        List<CredentialStore.StoredParameter> listed = store().list(teamPrefix);

        assertThat(listed).extracting(CredentialStore.StoredParameter::path).containsExactlyInAnyOrder(first, second);
        assertThat(listed).allSatisfy(p -> assertThat(p.lastModified())
                .isBetween(java.time.Instant.now().minusSeconds(600), java.time.Instant.now().plusSeconds(600)));
        assertThat(listed.toString()).doesNotContain(SECRET_ACCESS_KEY);
        assertThat(store().list(teamPrefix + "/nothing-here")).isEmpty();
    }

    @Test
    void readingAMissingPathIsEmpty() {
        assertThat(store().read(newPath())).isEmpty();
    }

    @Test
    void createOnATakenPathFailsAndKeepsTheFirstValue() {
        String path = newPath();
        store().create(path, s3Credentials("first-value-1111"));

        Throwable thrown = catchThrowable(() -> store().create(path, s3Credentials("second-value-2222")));

        assertThat(thrown).isInstanceOf(CredentialAlreadyExistsException.class);
        assertThat(thrown.getMessage()).doesNotContain("first-value-1111").doesNotContain("second-value-2222");
        assertThat(store().read(path)).contains(s3Credentials("first-value-1111"));
    }

    @Test
    void overwriteReplacesTheValue() {
        String path = newPath();
        store().create(path, s3Credentials("before-rotation"));

        store().overwrite(path, s3Credentials("after-rotation"));

        assertThat(store().read(path)).contains(s3Credentials("after-rotation"));
    }

    @Test
    void deleteRemovesAndIsIdempotent() {
        String path = newPath();
        store().create(path, s3Credentials());

        store().delete(path);
        assertThat(store().read(path)).isEmpty();
        store().delete(path);
        store().delete(newPath());

        // the path is free again
        store().create(path, s3Credentials("recreated"));
        assertThat(store().read(path)).contains(s3Credentials("recreated"));
    }

    @Test
    void pathsAreIndependent() {
        String a = newPath();
        String b = newPath();
        store().create(a, s3Credentials("value-a"));
        store().create(b, s3Credentials("value-b"));

        store().delete(a);

        assertThat(store().read(a)).isEmpty();
        assertThat(store().read(b)).contains(s3Credentials("value-b"));
    }

    @Test
    void failuresNeverQuoteTheValue() {
        String path = newPath();
        store().create(path, s3Credentials());

        Throwable thrown = catchThrowable(() -> store().create(path, s3Credentials()));

        assertThat(thrown).isNotNull();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET_ACCESS_KEY);
            assertThat(t.toString()).doesNotContain(SECRET_ACCESS_KEY);
        }
    }
}
