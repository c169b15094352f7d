package io.dataraven.secrets.store;

/**
 * Marks a repository's refusal by a condition (name taken, tier full, changed or gone meanwhile, still in use):
 * a definite outcome, nothing was applied. Every other failure of a write may leave its outcome unknown.
 */
public interface Refusal {

    /** True when the refusal says the item is not there (so a removal of it has nothing left to do). */
    default boolean gone() {
        return false;
    }
}
