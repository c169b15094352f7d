package io.dataraven.secrets.store.ssm;

import io.dataraven.secrets.testing.ContractEndpoint;
import io.dataraven.secrets.config.AwsClients;
import io.dataraven.secrets.config.Settings;
import io.dataraven.secrets.credential.CredentialPaths;
import io.dataraven.secrets.credential.CredentialStore;
import io.dataraven.secrets.store.CredentialStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.UUID;

/**
 * The contract against a real SSM API named by AWS_ENDPOINT_URL, under a path prefix of this run
 * (below CREDENTIALS_PATH_PREFIX) with the KMS key of KMS_KEY_ID.
 */
class SsmCredentialStoreContractTest extends CredentialStoreContract {

    private static final Settings SETTINGS = Settings.fromEnvironment();

    private static SsmClient ssm;
    private static SsmCredentialStore store;
    private static SsmCredentialStore otherOwner;
    private static CredentialPaths paths;

    @BeforeAll
    static void connect() {
        if (!ContractEndpoint.available(SETTINGS, SsmCredentialStoreContractTest.class, "the SSM contract suite")) {
            return;
        }
        ssm = new AwsClients(SETTINGS).ssm();
        SsmClient client = ssm;
        // An owner of this run only: the contract's listing sees exactly what this run created.
        store = SsmCredentialStore.create(() -> client, SETTINGS.kmsKeyId(), SETTINGS.credentialsParameterTier(),
                "contract-" + UUID.randomUUID(), io.dataraven.secrets.store.aws.Pacer.perSecond(SETTINGS.ssmDeletesPerSecond()));
        otherOwner = SsmCredentialStore.create(() -> client, SETTINGS.kmsKeyId(), SETTINGS.credentialsParameterTier(),
                "contract-other-" + UUID.randomUUID(), io.dataraven.secrets.store.aws.Pacer.perSecond(SETTINGS.ssmDeletesPerSecond()));
        paths = new CredentialPaths(SETTINGS.credentialsPathPrefix() + "/contract-" + UUID.randomUUID());
    }

    @BeforeEach
    void requireEndpoint() {
        ContractEndpoint.assume(SETTINGS, "the SSM contract suite");
    }

    @AfterAll
    static void disconnect() {
        if (ssm != null) {
            ssm.close();
            ssm = null;
        }
    }

    @Override
    protected CredentialStore store() {
        return store;
    }

    @Override
    protected CredentialStore otherOwner() {
        return otherOwner;
    }

    @Override
    protected CredentialPaths paths() {
        return paths;
    }
}
