package io.dataraven.secrets.protocol;

import io.dataraven.secrets.config.App;
import io.dataraven.secrets.secret.Secret;
import io.dataraven.secrets.secret.SecretRequests;
import io.dataraven.secrets.secret.Verification;
import io.dataraven.secrets.store.StoreUnavailableException;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.VerifySecretService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.ADMIN;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.OTHER;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.TEAM;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.createS3;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.json;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.s3Credentials;
import static io.dataraven.secrets.protocol.StorageProtocolFaultTest.secret;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verify's storage calls (read the secret, read its credentials, record the outcome) with each fault at each call:
 * the secret and its credentials never change, an answer says recorded only when the record is there, and a
 * record is only ever of the credentials that were checked (a rotation just before the write leaves none).
 */
class VerifyFaultTest {

    private static final CheckOutcome PASSED = CheckOutcome.ok("Authenticated to AWS.");

    private record Run(VerifySecretService.Result result, StoreUnavailableException refused) {
    }

    private static Run verify(StorageProtocolFaultTest.World w) {
        App faulty = w.faulty.withCredentialCheck((method, values, target) -> PASSED);
        w.plan.arm();
        try {
            return new Run(faulty.verifySecretService().verify(ADMIN, TEAM, secret(w, "prod").id(), () -> null),
                    null);
        } catch (StoreUnavailableException e) {
            return new Run(null, e);
        } finally {
            w.plan.disarm();
        }
    }

    private static StorageProtocolFaultTest.World world() {
        StorageProtocolFaultTest.World w = new StorageProtocolFaultTest.World();
        createS3(w.clean, "prod", 1);
        return w;
    }

    @ParameterizedTest
    @EnumSource(FaultPlan.Kind.class)
    void everyFaultAtEveryCallLeavesTheSecretWholeAndTheAnswerTrue(FaultPlan.Kind kind) {
        StorageProtocolFaultTest.World probe = world();
        verify(probe);
        List<String> calls = probe.plan.calls();
        assertThat(calls).as("read the secret, read its credentials, record")
                .containsExactly("secrets.find", "credentials.read", "secrets.recordVerification");

        for (int call = 0; call < calls.size(); call++) {
            StorageProtocolFaultTest.World w = world();
            Secret before = secret(w, "prod");
            String credentialsBefore = w.clean.resolveService().resolve(TEAM.toString(), before.id().toString())
                    .toString();
            w.plan.inject(call, kind).concurrently(() -> w.clean.secretService().update(OTHER, TEAM,
                    secret(w, "prod").id(), SecretRequests.update(json("{\"credentials\":" + s3Credentials(2)
                            + "}"))));

            Run run = verify(w);
            w.plan.settle();

            String at = kind + " at " + calls.get(call);
            Secret after = secret(w, "prod");
            Verification recorded = after.verification();
            if (kind == FaultPlan.Kind.CONFLICT) {
                // The concurrent rotation is the only other change. Before the secret is read, the check is of the
                // new credentials and recorded; after, it is of the old ones, and nothing is recorded.
                assertThat(after.credentialVersion()).as(at).isEqualTo(before.credentialVersion() + 1);
                assertThat(run.result()).as(at).isNotNull();
                assertThat(run.result().recorded()).as(at).isEqualTo(call == 0);
                assertThat(recorded != null && recorded.current(after)).as(at).isEqualTo(call == 0);
                continue;
            }
            assertThat(after.withVerification(null)).as(at + ": nothing but the verification changes")
                    .isEqualTo(before);
            assertThat(w.clean.resolveService().resolve(TEAM.toString(), before.id().toString()).toString())
                    .as(at).isEqualTo(credentialsBefore);
            if (run.result() == null) {
                assertThat(call).as(at + ": only the reads end the request unanswered").isLessThan(2);
                assertThat(recorded).as(at).isNull();
                continue;
            }
            assertThat(run.result().outcome()).as(at).isEqualTo(PASSED);
            if (run.result().recorded()) {
                assertThat(recorded).as(at).isNotNull();
                assertThat(recorded.checkedAt()).as(at).isEqualTo(run.result().checkedAt());
            }
            if (recorded != null) {
                // Recorded late or with the answer lost, it is still the outcome of exactly these credentials.
                assertThat(recorded.ok()).as(at).isTrue();
                assertThat(recorded.current(after)).as(at).isTrue();
            }
        }
    }
}
