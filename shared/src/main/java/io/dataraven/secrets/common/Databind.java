package io.dataraven.secrets.common;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A databind mapper, for code outside the Lambda functions' paths: the local server (which binds direct payloads to
 * handler types) and tests. It reads with the settings of {@link Json#FACTORY} (its own factory: a mapper takes its
 * factory over). The functions never load it: see {@link Json} for what a mapper costs a cold start.
 */
public final class Databind {

    public static final ObjectMapper MAPPER = new ObjectMapper(Json.factory());

    private Databind() {
    }
}
