package io.dataraven.secrets.sweep;

import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.auth.Role;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.store.memory.InMemoryCredentialStore;
import io.dataraven.secrets.store.memory.InMemoryStore;
import io.dataraven.secrets.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrphanSweeperTest {

    private static final UUID TEAM = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final CredentialPaths paths = new CredentialPaths(TestApp.PATH_PREFIX);
    private final InMemoryStore store = new InMemoryStore();

    private OrphanSweeper sweeper(InMemoryCredentialStore credentials) {
        return new OrphanSweeper(credentials, store, store, store, paths, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofHours(1));
    }

    private static InMemoryCredentialStore writtenAt(Instant at) {
        return new InMemoryCredentialStore(Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void deletesAnOldOrphanAndLeavesAFreshOneAndOwnedOnes() {
        // One store per write time: write the three parameters at different ages into one view.
        InMemoryCredentialStore credentials = writtenAt(NOW.minus(Duration.ofHours(3)));
        String oldOrphan = paths.secret(TEAM, UUID.randomUUID());
        credentials.create(oldOrphan, new Credentials(Map.of("k", "v")));
        TestApp owned = new TestApp(credentials);
        // reuse the same store for metadata
        Principal admin = new Principal("a", Map.of(TEAM, Role.ADMIN));
        Secret kept = owned.app.secretService().create(admin, TEAM, SecretRequests.create(TestApp.directS3("kept")));

        OrphanSweeper.Summary first = new OrphanSweeper(credentials, owned.store, owned.store, owned.store, paths,
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1)).sweep();

        assertThat(first).isEqualTo(new OrphanSweeper.Summary(2, 1, 0, 0, 0));
        assertThat(credentials.read(oldOrphan)).isEmpty();
        assertThat(credentials.read(kept.credentialPath())).isPresent();
    }

    @Test
    void aFreshParameterWithoutMetadataIsACreateInFlightAndStays() {
        InMemoryCredentialStore credentials = writtenAt(NOW.minus(Duration.ofMinutes(5)));
        String inFlight = paths.secret(TEAM, UUID.randomUUID());
        credentials.create(inFlight, new Credentials(Map.of("k", "v")));

        OrphanSweeper.Summary summary = sweeper(credentials).sweep();

        assertThat(summary).isEqualTo(new OrphanSweeper.Summary(1, 0, 1, 0, 0));
        assertThat(credentials.read(inFlight)).isPresent();
    }

    @Test
    void metadataWhoseParameterIsMissingIsCountedNotDeleted() {
        InMemoryCredentialStore credentials = writtenAt(NOW.minus(Duration.ofDays(1)));
        TestApp app = new TestApp(credentials);
        Secret secret = app.seedDirectSecret(TEAM, UUID.randomUUID(), "lost");
        credentials.delete(secret.credentialPath());

        OrphanSweeper.Summary summary = new OrphanSweeper(credentials, app.store, app.store, app.store, paths,
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1)).sweep();

        assertThat(summary.problems()).isEqualTo(1);
        assertThat(app.store.findSecret(TEAM, secret.id())).isPresent();
    }

    @Test
    void parametersOutsideThePrefixAreNeverTouched() {
        InMemoryCredentialStore credentials = writtenAt(NOW.minus(Duration.ofDays(2)));
        credentials.create("/someone-else/teams/x/secrets/y", new Credentials(Map.of("k", "v")));
        assertThat(sweeper(credentials).sweep().scanned()).isZero();
        assertThat(credentials.read("/someone-else/teams/x/secrets/y")).isPresent();
    }

    @Test
    void parametersOfAnotherStackSharingThePrefixAreNeverListedNorDeleted() {
        InMemoryCredentialStore ours = writtenAt(NOW.minus(Duration.ofDays(2)));
        InMemoryCredentialStore theirs = ours.sharedWith("other-table");
        String theirOrphanLookalike = paths.secret(TEAM, UUID.randomUUID());
        String ourOrphan = paths.secret(TEAM, UUID.randomUUID());
        theirs.create(theirOrphanLookalike, new Credentials(Map.of("k", "v")));
        ours.create(ourOrphan, new Credentials(Map.of("k", "v")));

        OrphanSweeper.Summary summary = sweeper(ours).sweep();

        assertThat(summary).isEqualTo(new OrphanSweeper.Summary(1, 1, 0, 0, 0));
        assertThat(ours.read(ourOrphan)).isEmpty();
        assertThat(theirs.read(theirOrphanLookalike)).isPresent();
    }

    @Test
    void anAbandonedPendingCreateIsRemovedWithItsParameterAndAFreshOneStays() {
        InMemoryCredentialStore credentials = writtenAt(NOW.minus(Duration.ofHours(3)));
        Instant old = NOW.minus(Duration.ofHours(2));
        Secret abandoned = pendingSecret("abandoned", old);
        store.createSecret(abandoned);
        credentials.create(abandoned.credentialPath(), new Credentials(Map.of("k", "v")));
        Secret inFlight = pendingSecret("in flight", NOW.minus(Duration.ofMinutes(1)));
        store.createSecret(inFlight);

        OrphanSweeper.Summary summary = sweeper(credentials).sweep();

        assertThat(summary.abandonedCreates()).isEqualTo(1);
        assertThat(summary.deleted()).isEqualTo(1);
        assertThat(summary.problems()).isZero(); // a pending create without its parameter is no problem
        assertThat(store.findSecret(TEAM, abandoned.id())).isEmpty();
        assertThat(credentials.read(abandoned.credentialPath())).isEmpty();
        assertThat(store.findSecret(TEAM, inFlight.id())).hasValueSatisfying(s -> assertThat(s.pending()).isTrue());
        // The abandoned create's name and slot are free again.
        assertThat(store.findTeam(TEAM).orElseThrow().secretCount()).isEqualTo(1);
        store.createSecret(pendingSecret("abandoned", NOW));
    }

    @Test
    void aGraceShorterThanAnyFunctionCanRunIsRefused() {
        InMemoryCredentialStore credentials = new InMemoryCredentialStore();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OrphanSweeper(credentials, store, store, store,
                        paths, Clock.systemUTC(), OrphanSweeper.MIN_GRACE.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new OrphanSweeper(credentials, store, store, store, paths, Clock.systemUTC(),
                OrphanSweeper.MIN_GRACE).sweep().scanned()).isZero();
    }

    private Secret pendingSecret(String name, Instant at) {
        UUID id = UUID.randomUUID();
        var method = io.dataraven.secrets.credential.AuthMethod.S3_ACCESS_KEY;
        return new Secret(id, TEAM, name, null, method.secretType(), method, at, "a", at, "a", paths.secret(TEAM, id),
                null, null, null).asPending();
    }
}
