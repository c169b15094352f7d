package io.dataraven.secrets.common;

import java.util.List;

/**
 * A change that storage gave no definite outcome for. The message says truthfully whether it may have been applied
 * ({@link #mayHaveApplied()}); the services decide that from which step failed, never from the exception alone.
 * The cause (a storage failure, or a bug) decides whether repeating soon can help.
 */
public final class WriteNotCompletedException extends DomainException {

    private final boolean mayHaveApplied;

    /** @param subject the change, as the message's subject ("The secret", "The rotation") */
    public WriteNotCompletedException(RuntimeException cause, boolean mayHaveApplied, String subject) {
        super("write_not_completed", outcome(mayHaveApplied, subject), List.of(), cause);
        this.mayHaveApplied = mayHaveApplied;
    }

    private static String outcome(boolean mayHaveApplied, String subject) {
        return mayHaveApplied
                ? subject + " may or may not have been applied; read it to see, or repeat the same request (safe to "
                        + "repeat; a repeated create may answer 409 if the first one was applied)."
                : subject + " was not applied; repeat the same request.";
    }

    public boolean mayHaveApplied() {
        return mayHaveApplied;
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
