package io.dataraven.secrets.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.auth.Principal;
import io.dataraven.secrets.common.ConflictException;
import io.dataraven.secrets.common.IdempotencyKeyReusedException;
import io.dataraven.secrets.common.Json;
import io.dataraven.secrets.common.WriteNotCompletedException;
import io.dataraven.secrets.store.Refusal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} rules, shared by every write that takes the header (README, "Idempotency"). The
 * record rides in the write's own transaction, so the success path costs no extra call; a repeat meets the record
 * as the refusal of that transaction's condition, which carries the stored record:
 * <ul>
 *   <li>another fingerprint (body, operation or target): 422 {@code idempotency_key_reused};</li>
 *   <li>complete: the stored response, replayed, with nothing written;</li>
 *   <li>pending: an earlier attempt with this key reserved a create and did not finish (it failed, or its caller
 *   gave up). The repeat carries the same body, credentials included, so nothing is lost by removing that
 *   reservation with its record (conditioned: it can only lose to that attempt's own activation) and creating
 *   afresh; a parameter the earlier attempt may have stored is an orphan for the sweeper. The earlier attempt, if it
 *   was still running, then fails its activation: the two requests create one resource.</li>
 * </ul>
 */
public final class Idempotency {

    /** How long a key is remembered (the record's {@code expires_at}, the table's TTL attribute). */
    public static final Duration RETENTION = Duration.ofHours(24);

    /** Pending records taken over before a repeat gives up with a 409 (only concurrent repeats get there). */
    private static final int MAX_ATTEMPTS = 3;

    /**
     * What the edge hands a write: the header as sent (null: none) and the body in canonical JSON, read only once
     * the role check passed and a key was sent.
     */
    public record Request(String header, Supplier<String> canonicalBody) {
        public static final Request NONE = new Request(null, () -> "");
    }

    /** A write's answer: the resource (null when replayed), its id, and the response body. */
    public record Outcome<T>(T resource, UUID resourceId, ObjectNode body, boolean replayed) {
    }

    /** One keyed request: what its records say about it. */
    public record Claim(UUID teamId, String keyHash, String operation, String fingerprint, Instant now) {

        /** The record of a create only reserved so far. */
        public IdempotencyRecord pending(UUID resourceId) {
            return new IdempotencyRecord(teamId, keyHash, operation, resourceId, fingerprint, false, null, now,
                    now.plus(RETENTION));
        }

        /** The record of the finished write, with its response. */
        public IdempotencyRecord complete(UUID resourceId, ObjectNode response) {
            return pending(resourceId).completed(json(response));
        }
    }

    private final IdempotencyRecords records;
    private final Clock clock;

    public Idempotency(IdempotencyRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /**
     * Called after the role check: parses the key (a 400 naming the header) and fingerprints the request; empty
     * without a header.
     *
     * @param target the resource the operation acts on (null for a create)
     */
    public Optional<Claim> claim(Principal principal, UUID teamId, String operation, UUID target, Request request) {
        return IdempotencyKey.parse(request.header()).map(key -> {
            String keyHash = sha256(principal.subject() + "\n" + key.value());
            // The body comes without its secret values (ApiRequest.idempotency): no credential goes into it.
            String fingerprint = sha256(keyHash + "\n" + operation + "\n" + target + "\n"
                    + request.canonicalBody().get());
            return new Claim(teamId, keyHash, operation, fingerprint,
                    clock.instant().truncatedTo(ChronoUnit.SECONDS));
        });
    }

    /**
     * Runs a write under its claim (or without one).
     *
     * @param write    the write, given the claim (null: no key) to put its record in its own transaction
     * @param precheck read the record before writing (a rotation: spares SSM a version on a replay)
     * @param takeOver removes the unfinished create a pending record belongs to, with the record (its refusals
     *                 mean it moved on: the record is looked at again)
     */
    public <T> Outcome<T> run(Optional<Claim> claim, boolean precheck, Function<Claim, T> write,
                              Function<T, UUID> id, Function<T, ObjectNode> view, Consumer<IdempotencyRecord> takeOver) {
        if (claim.isPresent() && precheck) {
            Optional<IdempotencyRecord> stored = records.findRecord(claim.get().teamId(), claim.get().keyHash())
                    .filter(r -> !r.expired(clock.instant()));
            if (stored.isPresent()) {
                return Idempotency.<T>answer(claim.get(), stored.get()).orElseThrow(Idempotency::inProgress);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                T resource = write.apply(claim.orElse(null));
                return new Outcome<>(resource, id.apply(resource), view.apply(resource), false);
            } catch (IdempotencyRecordExistsException e) {
                IdempotencyRecord existing = e.existing();
                if (claim.isEmpty() || existing == null) {
                    throw inProgress();
                }
                Optional<Outcome<T>> answer = answer(claim.get(), existing);
                if (answer.isPresent()) {
                    return answer.get();
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw inProgress();
                }
                takeOverQuietly(existing, takeOver);
            } catch (WriteNotCompletedException e) {
                // Our reservation was taken over by a concurrent repeat of this request: it does the create.
                if (e.getCause() instanceof IdempotencyRecordExistsException) {
                    throw inProgress();
                }
                throw e;
            }
        }
    }

    /** A replay or a 422 for a stored record; empty when it is the pending record of an unfinished create. */
    private static <T> Optional<Outcome<T>> answer(Claim claim, IdempotencyRecord existing) {
        if (!existing.fingerprint().equals(claim.fingerprint())) {
            throw new IdempotencyKeyReusedException(IdempotencyKey.HEADER);
        }
        if (!existing.complete()) {
            return Optional.empty();
        }
        return Optional.of(new Outcome<>(null, existing.resourceId(), (ObjectNode) Json.parse(
                existing.response().getBytes(StandardCharsets.UTF_8), "stored response"), true));
    }

    private static void takeOverQuietly(IdempotencyRecord existing, Consumer<IdempotencyRecord> takeOver) {
        try {
            takeOver.accept(existing);
        } catch (RuntimeException e) {
            if (!(e instanceof Refusal)) {
                // Nothing of this request was applied; the removal itself is invisible either way.
                throw new WriteNotCompletedException(e, false, "The request");
            }
        }
    }

    /**
     * Takes over the unfinished create a pending record belongs to: removes its reservation with the record, or the
     * record alone when the reservation is gone (swept, or taken over by name). An active resource under a pending
     * record cannot be (the activation completes the record): it is left, and the record looked at again.
     *
     * @param held    the resource the record names, as read now
     * @param remove  removes a pending resource with the record, in one conditioned transaction
     */
    public <T> void takeOver(IdempotencyRecord pending, Optional<T> held, Predicate<T> isPending,
                             BiConsumer<T, IdempotencyRecord> remove) {
        if (held.isEmpty()) {
            records.removeRecord(pending);
        } else if (isPending.test(held.get())) {
            remove.accept(held.get(), pending);
        }
    }

    /** The pending record of a create under {@code claim} (null: no key). */
    public static IdempotencyRecord pending(Claim claim, UUID resourceId) {
        return claim == null ? null : claim.pending(resourceId);
    }

    /** The complete record of a write under {@code claim} (null: no key). */
    public static IdempotencyRecord complete(Claim claim, UUID resourceId, ObjectNode response) {
        return claim == null ? null : claim.complete(resourceId, response);
    }

    private static ConflictException inProgress() {
        return new ConflictException("idempotency_request_in_progress", "Another request with this "
                + IdempotencyKey.HEADER + " is in progress; repeat this one shortly to get its response.",
                java.util.List.of(), 1L);
    }

    /** The body as canonical JSON (keys sorted at every level), so that key order does not change a fingerprint. */
    public static String canonical(JsonNode body) {
        return Json.canonical(body);
    }

    private static String json(ObjectNode node) {
        return Json.write(node);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
