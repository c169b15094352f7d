package io.dataraven.secrets.local;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code EventBridgeRule} event of a template function: which events EventBridge would deliver to it. The local
 * server matches on what its patterns say about {@code source} and {@code detail-type} (exact values; a
 * {@code $or} at the top is a list of alternatives); other pattern fields are not checked locally.
 *
 * @param function     the target function
 * @param event        the event's name under the function's {@code Events}
 * @param alternatives the pattern, as alternatives of which one must match (one unless the pattern uses $or)
 */
public record TemplateEventRule(TemplateFunction function, String event, List<Alternative> alternatives) {

    public TemplateEventRule {
        alternatives = List.copyOf(alternatives);
    }

    /**
     * One alternative of a pattern.
     *
     * @param sources     the sources it takes ({@code null}: the pattern does not constrain the source)
     * @param detailTypes the detail-types it takes ({@code null}: not constrained)
     */
    public record Alternative(List<String> sources, List<String> detailTypes) {

        public Alternative {
            sources = sources == null ? null : List.copyOf(sources);
            detailTypes = detailTypes == null ? null : List.copyOf(detailTypes);
        }

        /** An event of this detail-type and source ({@code null}: an envelope without one) fits. */
        boolean takes(String source, String detailType) {
            return (detailTypes == null || detailTypes.contains(detailType))
                    && (source == null || sources == null || sources.contains(source));
        }
    }

    /** The alternative that takes this event, if any. */
    Optional<Alternative> takes(String source, String detailType) {
        return alternatives.stream().filter(alternative -> alternative.takes(source, detailType)).findFirst();
    }

    /** The detail-types named by the pattern, for messages. */
    Set<String> detailTypes() {
        Set<String> types = new LinkedHashSet<>();
        alternatives.forEach(alternative -> {
            if (alternative.detailTypes() != null) {
                types.addAll(alternative.detailTypes());
            }
        });
        return types;
    }
}
