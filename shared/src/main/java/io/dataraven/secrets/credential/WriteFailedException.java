package io.dataraven.secrets.credential;

/**
 * A write across metadata and credentials that got no definite outcome from storage. {@code mayHaveApplied} is what
 * the protocol knows after its read-back and cleanup: false means the change is not visible and will not become
 * visible; true means it may be (then it is complete: metadata only ever points at stored credentials).
 */
public final class WriteFailedException extends RuntimeException {

    private final boolean mayHaveApplied;

    public WriteFailedException(RuntimeException cause, boolean mayHaveApplied) {
        super(cause.getClass().getSimpleName(), cause, false, false);
        this.mayHaveApplied = mayHaveApplied;
    }

    public boolean mayHaveApplied() {
        return mayHaveApplied;
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
