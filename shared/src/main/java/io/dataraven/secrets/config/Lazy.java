package io.dataraven.secrets.config;

import java.util.function.Supplier;

/**
 * A value built on first use, then kept: lets every function share one wiring while paying only for the clients it
 * actually calls (a list function never builds the SSM or EventBridge client).
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    private Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    public static <T> Lazy<T> of(Supplier<T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                result = value;
                if (result == null) {
                    value = result = factory.get();
                }
            }
        }
        return result;
    }
}
