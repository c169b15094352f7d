package io.dataraven.secrets.credential;

import io.dataraven.secrets.common.ConflictException;
import io.dataraven.secrets.common.Violation;
import io.dataraven.secrets.store.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The storage protocol every write across metadata and credentials follows, so that no single or compound failure
 * loses or corrupts a credential (README, "Storage protocol"):
 * <ul>
 *   <li>create: metadata first, as a pending (invisible) reservation that takes the name and the tier slot, so a
 *   refused create never reaches SSM; then version 1 of a fresh path; then the activation, pointing the metadata at
 *   that version. Until the activation commits, nothing is visible; a failure removes the reservation (or leaves it
 *   for a later create of the name or the sweeper).</li>
 *   <li>rotation: a new version first (older ones stay), then the metadata switch to it, conditioned on the version
 *   read. A failed, late or repeated write only leaves a version nobody points at.</li>
 *   <li>delete: the metadata first, then the parameter; a failure after the metadata leaves an orphan for the
 *   sweeper, never metadata without credentials.</li>
 * </ul>
 * Refusals (conditions: name taken, tier full, changed meanwhile) leave as the repositories threw them; everything
 * else as {@link WriteFailedException} saying whether the change may have been applied.
 */
public final class CredentialWrites {

    private static final System.Logger LOG = System.getLogger(CredentialWrites.class.getName());

    /**
     * A pending create older than this is abandoned, and a create of the same name may remove it: API functions
     * time out after 15 s (template.yaml), so its own request is long over. Conditions keep the removal safe even
     * if it were not (see {@link Reservation}).
     */
    public static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);

    private final CredentialStore store;

    public CredentialWrites(CredentialStore store) {
        this.store = store;
    }

    /**
     * The metadata side of a create, each step one conditioned repository call.
     *
     * @param reserve  commits the pending metadata; throws the repository's refusals
     * @param activate points the pending metadata at the stored version and makes it visible (conditioned on still
     *                 pending)
     * @param remove   deletes the pending metadata, conditioned on it still being pending
     * @param active   after an unknown outcome: whether the metadata is now active (reads back)
     */
    public record Reservation(Runnable reserve, LongConsumer activate, Runnable remove, BooleanSupplier active) {

        /** Removes the pending metadata; its "not found" counts as removed. */
        void abandon() {
            try {
                remove.run();
            } catch (RuntimeException e) {
                if (!(e instanceof Refusal refusal && refusal.gone())) {
                    throw e;
                }
            }
        }
    }

    /** The item holding a name a create wants: whether it is a pending create, since when, and how to remove it. */
    public record NameHolder(String name, boolean pending, Instant since, Runnable remove) {
    }

    /**
     * A create that meets its name held by a create abandoned at least {@link #ABANDONED_AFTER} ago removes it and
     * may try again (true). Safe even if that create were still running: its activation and this removal are both
     * conditioned on the reservation being unchanged, so only one of them can commit.
     *
     * @throws ConflictException with a retry-after while the holder may still be in flight
     */
    public static boolean takeOver(Optional<NameHolder> holder, Instant now, String code,
                                   String kind) {
        if (holder.isEmpty() || !holder.get().pending()) {
            return false;
        }
        long wait = secondsUntilAbandoned(holder.get().since(), now);
        if (wait > 0) {
            throw nameReserved(code, kind, holder.get().name(), wait);
        }
        try {
            holder.get().remove().run();
            return true;
        } catch (RuntimeException e) {
            if (e instanceof Refusal refusal) {
                return refusal.gone(); // gone: removed already; anything else: it moved on (activated)
            }
            throw e;
        }
    }

    /** A condition refused the call: a definite "not applied". Anything else may have applied. */
    private static boolean refused(RuntimeException e) {
        return e instanceof Refusal;
    }

    /**
     * @param takeover given a refusal of the reservation, removes an abandoned create that holds the name and
     *                 answers true (the reservation is tried once more), else false
     * @return the version the metadata points at
     */
    public long create(String path, Credentials credentials, Reservation metadata,
                       Predicate<RuntimeException> takeover) {
        reserve(metadata, takeover);
        long version;
        try {
            version = store.create(path, credentials);
        } catch (RuntimeException e) {
            // Nothing points at the path: a late write of it is an orphan for the sweeper.
            abandonQuietly(metadata, path);
            throw new WriteFailedException(e, false);
        }
        try {
            metadata.activate().accept(version);
            return version;
        } catch (RuntimeException e) {
            if (refused(e)) {
                // The reservation was removed meanwhile (taken over as abandoned): no metadata points at the path.
                deleteQuietly(path);
                throw new WriteFailedException(e, false);
            }
            Optional<Boolean> active = readBack(metadata.active());
            if (active.orElse(false)) {
                return version;
            }
            if (active.isPresent() && abandonQuietly(metadata, path)) {
                deleteQuietly(path);
                throw new WriteFailedException(e, false);
            }
            throw new WriteFailedException(e, true);
        }
    }

    private void reserve(Reservation metadata, Predicate<RuntimeException> takeover) {
        for (int attempt = 1; ; attempt++) {
            try {
                metadata.reserve().run();
                return;
            } catch (RuntimeException e) {
                if (refused(e)) {
                    if (attempt == 1 && takeover.test(e)) {
                        continue;
                    }
                    throw e;
                }
                // Unknown whether the reservation committed; it is invisible either way. Remove it if it did.
                abandonQuietly(metadata, null);
                throw new WriteFailedException(e, false);
            }
        }
    }

    /**
     * Writes a new version, then switches the metadata to it.
     *
     * @param write  the new version, returned by the store
     * @param commit the conditioned metadata switch; its refusals leave as they are
     * @param committed after an unknown outcome, reads back whether the switch committed
     */
    public long rotate(Supplier<Long> write, LongConsumer commit, BooleanSupplier committed) {
        long version;
        try {
            version = write.get();
        } catch (RuntimeException e) {
            throw new WriteFailedException(e, false); // nothing points at a version written late
        }
        commit(() -> commit.accept(version), committed);
        return version;
    }

    /**
     * One conditioned metadata write: its refusals leave as they are; after an unknown outcome it is read back, and
     * it fails as "may have been applied" unless the read shows it committed.
     */
    public static void commit(Runnable write, BooleanSupplier committed) {
        try {
            write.run();
        } catch (RuntimeException e) {
            if (refused(e)) {
                throw e;
            }
            if (!confirmed(committed)) {
                throw new WriteFailedException(e, true);
            }
        }
    }

    /**
     * Removes metadata, then its parameter.
     *
     * @param remove the conditioned metadata delete; its refusals leave as they are
     * @param gone   after an unknown outcome, reads back whether the metadata is gone
     * @param path   the parameter, deleted only once the metadata is known gone (null: none)
     */
    public void delete(Runnable remove, BooleanSupplier gone, String path) {
        try {
            remove.run();
        } catch (RuntimeException e) {
            if (refused(e)) {
                throw e;
            }
            if (!readBack(gone).orElse(false)) {
                throw new WriteFailedException(e, true); // the metadata may still point at the parameter: keep it
            }
        }
        if (path != null) {
            deleteQuietly(path);
        }
    }

    /** Seconds until a pending create written at {@code since} counts as abandoned (0 if it does already). */
    public static long secondsUntilAbandoned(Instant since, Instant now) {
        long left = Duration.between(now, since.plus(ABANDONED_AFTER)).toSeconds() + 1;
        return Math.max(0, left);
    }

    /**
     * The name is held by a create still in progress, or interrupted less than {@link #ABANDONED_AFTER} ago (it may
     * be this client's own earlier attempt): a 409 that says when a repeat can take the name over.
     */
    public static ConflictException nameReserved(String code, String kind, String name, long retryAfterSeconds) {
        return new ConflictException(code, "A " + kind + " named '" + name + "' is being "
                + "created by another request, or its creation was interrupted; if it does not appear, repeat the "
                + "request after " + retryAfterSeconds + " s.", List.of(Violation
                .body("reserved by a create in progress", "conflict", "name")), retryAfterSeconds);
    }

    /** A read-back after an unknown outcome: true only if it answered true. */
    public static boolean confirmed(BooleanSupplier read) {
        return readBack(read).orElse(false);
    }

    private static Optional<Boolean> readBack(BooleanSupplier read) {
        try {
            return Optional.of(read.getAsBoolean());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return true if the reservation is known gone */
    private boolean abandonQuietly(Reservation metadata, String path) {
        try {
            metadata.abandon();
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove a pending create" + (path == null ? "" : " of "
                    + path) + " (" + e.getClass().getSimpleName() + "); a later create of its name or the sweeper will");
            return false;
        }
    }

    /** Removes a parameter no metadata points at; a failure is logged (path only) and left to the sweeper. */
    public void deleteQuietly(String path) {
        try {
            store.delete(path);
        } catch (RuntimeException cleanup) {
            LOG.log(System.Logger.Level.WARNING, "could not delete credential parameter " + path + " ("
                    + cleanup.getClass().getSimpleName() + "); the orphan sweeper will");
        }
    }
}
