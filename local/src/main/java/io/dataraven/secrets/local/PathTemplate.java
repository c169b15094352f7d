package io.dataraven.secrets.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An API Gateway route path such as {@code /v1/teams/{team_id}/secrets}: literal segments and {@code {name}} ones. */
record PathTemplate(String template, List<String> segments) {

    static PathTemplate of(String template) {
        return new PathTemplate(template, List.of(template.split("/", -1)));
    }

    /**
     * The path parameters when {@code rawPath} fits, decoded as API Gateway passes them ('+' stays a plus); empty
     * otherwise. A malformed escape in a parameter is a 400 naming it.
     */
    Optional<Map<String, String>> match(String rawPath) {
        String[] parts = rawPath.split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String segment = segments.get(i);
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                String name = segment.substring(1, segment.length() - 1);
                parameters.put(name, Percent.decode(parts[i], false, List.of("path", name)));
            } else if (!segment.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }
}
