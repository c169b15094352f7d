package io.dataraven.secrets.logging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataraven.secrets.common.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics as embedded metric format (EMF) lines: what an invocation counts is collected here and
 * written as one JSON line when it ends ({@link #flush}), which CloudWatch Logs turns into metrics; no API call,
 * no agent. Dimensions are few and low-cardinality (a route, a status class, an error code, a vault type); ids
 * such as the team's ride along as properties from the {@link LogContext}, searchable but never a dimension.
 * Written here rather than with Powertools metrics: see the README (Logging and metrics) for the measured cost.
 */
public final class Metrics {

    /** One value; metrics with the same dimension names share one EMF directive. */
    private record Metric(String name, String unit, double value, Map<String, String> dimensions) {
    }

    private static final ThreadLocal<List<Metric>> PENDING = ThreadLocal.withInitial(ArrayList::new);
    private static volatile String namespace = "DataRaven/Secrets";

    private Metrics() {
    }

    public static void namespace(String name) {
        namespace = name;
    }

    public static void count(String name, Map<String, String> dimensions) {
        put(name, "Count", 1, dimensions);
    }

    /**
     * Adds a value to this invocation's line; a second value of the same name replaces the first (one line holds
     * one value per name).
     */
    public static void put(String name, String unit, double value, Map<String, String> dimensions) {
        List<Metric> pending = PENDING.get();
        pending.removeIf(m -> m.name().equals(name));
        pending.add(new Metric(name, unit, value, Map.copyOf(dimensions)));
    }

    /** The invocation's EMF line (null when it counted nothing), with {@code properties}; clears what was added. */
    public static String flush(long timestampMillis, Map<String, Object> properties) {
        List<Metric> pending = PENDING.get();
        if (pending.isEmpty()) {
            return null;
        }
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ArrayNode directives = aws.putArray("CloudWatchMetrics");
        Map<List<String>, ArrayNode> byDimensions = new LinkedHashMap<>();
        for (Metric metric : pending) {
            List<String> names = metric.dimensions().keySet().stream().sorted().toList();
            ArrayNode metrics = byDimensions.computeIfAbsent(names, keys -> {
                ObjectNode directive = directives.addObject();
                directive.put("Namespace", namespace);
                ArrayNode set = directive.putArray("Dimensions").addArray();
                keys.forEach(set::add);
                return directive.putArray("Metrics");
            });
            metrics.addObject().put("Name", metric.name()).put("Unit", metric.unit());
            metric.dimensions().forEach(line::put);
            line.put(metric.name(), metric.value());
        }
        properties.forEach((key, value) -> {
            if (!line.has(key)) {
                line.put(key, String.valueOf(value));
            }
        });
        pending.clear();
        try {
            return Json.write(line);
        } catch (RuntimeException e) {
            return null; // a metric line lost, never the invocation
        }
    }

    /** Adds to a count of this invocation's line (several calls, one value), as a Count. */
    public static void add(String name, double amount, Map<String, String> dimensions) {
        List<Metric> pending = PENDING.get();
        double sum = amount;
        for (Metric m : pending) {
            if (m.name().equals(name) && m.dimensions().equals(dimensions)) {
                sum += m.value();
            }
        }
        put(name, "Count", sum, dimensions);
    }

    /** Drops what an invocation counted without writing it (priming, tests). */
    public static void discard() {
        PENDING.get().clear();
    }
}
