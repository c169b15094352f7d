package io.dataraven.secrets.testing;

import io.dataraven.secrets.config.Settings;
import org.junit.jupiter.api.Assumptions;

/**
 * The contract suites that run against a real AWS API only when AWS_ENDPOINT_URL names one (LocalStack, Moto or an
 * account), and say why they are skipped otherwise.
 */
public final class ContractEndpoint {

    private ContractEndpoint() {
    }

    /**
     * For {@code @BeforeAll}: whether there is an endpoint. Without one it says so once, visibly (Surefire's console
     * shows only a skip count).
     *
     * @param suite what does not run, e.g. "the SSM contract suite"
     */
    public static boolean available(Settings settings, Class<?> test, String suite) {
        if (settings.endpointUrl() == null) {
            System.getLogger(test.getName()).log(System.Logger.Level.WARNING, "SKIPPED: AWS_ENDPOINT_URL not set, "
                    + "so " + suite + " does not run (set it to LocalStack, Moto or a real account to run it)");
            return false;
        }
        return true;
    }

    /** For {@code @BeforeEach}, so that the report counts every skipped test with its reason. */
    public static void assume(Settings settings, String suite) {
        Assumptions.assumeTrue(settings.endpointUrl() != null, "AWS_ENDPOINT_URL not set: skipping " + suite
                + " (set it to LocalStack, Moto or a real account to run)");
    }
}
