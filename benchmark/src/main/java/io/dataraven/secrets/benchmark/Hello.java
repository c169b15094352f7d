package io.dataraven.secrets.benchmark;

/** The baseline: a bare hello-world, started exactly like the handler runs. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("Hello, world");
    }
}
