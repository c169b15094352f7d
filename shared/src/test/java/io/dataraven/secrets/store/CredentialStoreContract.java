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

    /** Another owner (table) over the same backend and prefix; null if the backend cannot provide one. */
    protected CredentialStore otherOwner() {
        return null;
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

    @Test
    void everyWriteIsANewVersionAndOlderVersionsStayReadable() {
        String path = newPath();
        assertThat(store().create(path, s3Credentials("version-one"))).isEqualTo(1L);
        assertThat(store().overwrite(path, s3Credentials("version-two"))).isEqualTo(2L);
        assertThat(store().overwrite(path, s3Credentials("version-three"))).isEqualTo(3L);

        assertThat(store().read(path, 1L)).contains(s3Credentials("version-one"));
        assertThat(store().read(path, 2L)).contains(s3Credentials("version-two"));
        assertThat(store().read(path, null)).contains(s3Credentials("version-three"));
        assertThat(store().read(path)).contains(s3Credentials("version-three"));
        assertThat(store().read(path, 4L)).isEmpty();
        assertThat(store().read(newPath(), 1L)).isEmpty();
    }

    @Test
    void deleteAllRemovesEveryPathWithAllVersionsAndSkipsMissingOnes() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String path = newPath();
            store().create(path, s3Credentials("value-" + i));
            paths.add(path);
        }
        store().overwrite(paths.get(0), s3Credentials("rotated"));
        String keep = newPath();
        store().create(keep, s3Credentials("kept"));
        paths.add(newPath()); // never written

        store().deleteAll(paths);

        assertThat(paths).allSatisfy(p -> assertThat(store().read(p)).isEmpty());
        assertThat(store().read(paths.get(0), 1L)).isEmpty();
        assertThat(store().read(keep)).contains(s3Credentials("kept"));
        store().deleteAll(paths); // again: nothing left, no error
        store().deleteAll(List.of());
    }

    @Test
    void listShowsOnlyTheParametersThisOwnerCreated() {
        org.junit.jupiter.api.Assumptions.assumeTrue(otherOwner() != null, "no second owner for this backend");
        String ours = newPath();
        String theirs = newPath();
        store().create(ours, s3Credentials("ours"));
        otherOwner().create(theirs, s3Credentials("theirs"));
        String teamPrefix = ours.substring(0, ours.indexOf("/secrets/"));

        assertThat(store().list(teamPrefix)).extracting(CredentialStore.StoredParameter::path).containsExactly(ours);
        assertThat(otherOwner().list(teamPrefix)).extracting(CredentialStore.StoredParameter::path)
                .containsExactly(theirs);
        // A rotation keeps the owner the parameter was created with.
        otherOwner().overwrite(theirs, s3Credentials("theirs-rotated"));
        assertThat(store().list(teamPrefix)).extracting(CredentialStore.StoredParameter::path).containsExactly(ours);
    }
}
