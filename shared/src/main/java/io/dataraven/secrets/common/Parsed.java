package io.dataraven.secrets.common;

import java.util.List;

/** A parsed request body and the type problems found on the way (the record holds what was readable). */
public record Parsed<T>(T request, List<Violation> violations) {
}
