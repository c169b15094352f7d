package io.dataraven.secrets.credential;

/** One named credential field of an auth method and the kind of value it holds. */
public record CredentialField(String name, FieldKind kind) {
}
