package io.dataraven.secrets.credential;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The write order every create uses: the credential parameter first (create-only), then the metadata commit. If the
 * commit fails, the parameter goes again, unless the failure was ambiguous (a timeout or 5xx after which the commit
 * may have happened): then it goes only once a read shows the metadata is really absent, and stays for the orphan
 * sweeper when even that read fails. So committed metadata never points at a deleted parameter, and a refused
 * request leaves nothing behind.
 */
public final class GuardedCredentialWrite {

    private static final System.Logger LOG = System.getLogger(GuardedCredentialWrite.class.getName());

    private final CredentialStore store;

    public GuardedCredentialWrite(CredentialStore store) {
        this.store = store;
    }

    /**
     * @param refused   failures that prove the commit did not happen (conditions, validation)
     * @param committed reads back whether the commit happened, after an ambiguous failure
     * @return normally when the metadata is committed (possibly despite an ambiguous failure)
     * @throws RuntimeException the commit's failure, after the cleanup
     */
    public void createThenCommit(String path, Credentials credentials, Runnable commit,
                                 Predicate<RuntimeException> refused, BooleanSupplier committed) {
        store.create(path, credentials);
        try {
            commit.run();
        } catch (RuntimeException failure) {
            if (refused.test(failure)) {
                deleteQuietly(path);
                throw failure;
            }
            Boolean happened;
            try {
                happened = committed.getAsBoolean();
            } catch (RuntimeException readFailure) {
                happened = null;
            }
            if (Boolean.TRUE.equals(happened)) {
                return; // the commit went through before the failure reached us
            }
            if (happened == null) {
                LOG.log(System.Logger.Level.WARNING, "outcome unknown; keeping credential parameter " + path
                        + " for the orphan sweeper");
            } else {
                deleteQuietly(path);
            }
            throw failure;
        }
    }

    /** Removes a parameter no metadata points at any more; a failure is logged (path only) for the sweeper. */
    public void deleteQuietly(String path) {
        try {
            store.delete(path);
        } catch (RuntimeException cleanup) {
            LOG.log(System.Logger.Level.WARNING, "could not delete credential parameter " + path + ": "
                    + cleanup.getClass().getSimpleName());
        }
    }
}
