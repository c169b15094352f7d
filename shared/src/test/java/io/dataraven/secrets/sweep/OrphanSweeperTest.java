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
        return new OrphanSweeper(credentials, store, paths, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));
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

        OrphanSweeper.Summary first = new OrphanSweeper(credentials, owned.store, paths, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofHours(1)).sweep();

        assertThat(first).isEqualTo(new OrphanSweeper.Summary(2, 1, 0, 0));
        assertThat(credentials.read(oldOrphan)).isEmpty();
        assertThat(credentials.read(kept.credentialPath())).isPresent();
    }

    @Test
    void aFreshParameterWithoutMetadataIsACreateInFlightAndStays() {
        InMemoryCredentialStore credentials = writtenAt(NOW.minus(Duration.ofMinutes(5)));
        String inFlight = paths.secret(TEAM, UUID.randomUUID());
        credentials.create(inFlight, new Credentials(Map.of("k", "v")));

        OrphanSweeper.Summary summary = sweeper(credentials).sweep();

        assertThat(summary).isEqualTo(new OrphanSweeper.Summary(1, 0, 1, 0));
        assertThat(credentials.read(inFlight)).isPresent();
    }

    @Test
    void metadataWhoseParameterIsMissingIsCountedNotDeleted() {
        InMemoryCredentialStore credentials = writtenAt(NOW.minus(Duration.ofDays(1)));
        TestApp app = new TestApp(credentials);
        Secret secret = app.seedDirectSecret(TEAM, UUID.randomUUID(), "lost");
        credentials.delete(secret.credentialPath());

        OrphanSweeper.Summary summary = new OrphanSweeper(credentials, app.store, paths,
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
}
