package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.audit.AuditEvent;
import io.dataraven.secrets.idempotency.IdempotencyRecord;

import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The items of one TransactWriteItems, each filed under the part it plays ({@code P}, an enum of the caller's).
 * DynamoDB answers a cancellation with one reason per item in request order; {@link #cancellation} is the one place
 * that pairs them back, so callers ask whether the name lock failed instead of counting positions, which shift
 * when an item is optional.
 */
final class Transaction<P extends Enum<P>> {

    private final String table;
    /** In insertion order: the order of the request. */
    private final Map<P, TransactWriteItem> items = new LinkedHashMap<>();

    Transaction(String table) {
        this.table = table;
    }

    Transaction<P> put(P part, Consumer<Put.Builder> put) {
        return add(part, TransactWriteItem.builder().put(b -> put.accept(b.tableName(table))).build());
    }

    Transaction<P> update(P part, Consumer<Update.Builder> update) {
        return add(part, TransactWriteItem.builder().update(b -> update.accept(b.tableName(table))).build());
    }

    Transaction<P> delete(P part, Consumer<Delete.Builder> delete) {
        return add(part, TransactWriteItem.builder().delete(b -> delete.accept(b.tableName(table))).build());
    }

    /** The change's audit event as an outbox item, when it has one (see {@link AuditItems}). */
    Transaction<P> audit(P part, AuditEvent event) {
        return event == null ? this : put(part, put -> put.item(AuditItems.item(event)));
    }

    /** The request's idempotency record, when it has one (see {@link IdempotencyItems}). */
    Transaction<P> putRecord(P part, IdempotencyRecord record) {
        return record == null ? this : put(part, IdempotencyItems.put(record));
    }

    /** Removes the request's pending idempotency record with the reservation it belongs to, when it has one. */
    Transaction<P> removeRecord(P part, IdempotencyRecord record) {
        return record == null ? this : delete(part, IdempotencyItems.remove(record));
    }

    private Transaction<P> add(P part, TransactWriteItem item) {
        if (items.putIfAbsent(part, item) != null) {
            throw new IllegalArgumentException("two transaction items for " + part);
        }
        return this;
    }

    List<TransactWriteItem> items() {
        return List.copyOf(items.values());
    }

    /** The reasons of a cancellation, each under the part whose item it refers to. */
    Cancellation<P> cancellation(List<CancellationReason> reasons) {
        Map<P, CancellationReason> byPart = new HashMap<>();
        Iterator<CancellationReason> reason = reasons.iterator();
        for (P part : items.keySet()) {
            if (!reason.hasNext()) {
                break;
            }
            byPart.put(part, reason.next());
        }
        return new Cancellation<>(byPart);
    }
}
