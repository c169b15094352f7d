package io.dataraven.secrets.secret;

import io.dataraven.secrets.credential.AuthMethod;
import io.dataraven.secrets.credential.CredentialValidity;

import java.time.Instant;

/**
 * One write of a direct secret's credentials: the parameter version it made, when, by whom, with which auth method
 * (and the window the credentials carried). Never a value: those stay in the parameter's versions.
 */
public record CredentialVersion(long version, Instant createdAt, String createdBy, AuthMethod authMethod,
                                CredentialValidity validity) {
}
