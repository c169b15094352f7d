package io.dataraven.secrets.architecture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules, over the compiled classes (the JDK's jdeps, in process: no extra dependency). Run on the
 * classes and again on the shrunk jar (failsafe), so both are checked.
 */
class PackageRulesTest {

    private static final String ROOT = "io.dataraven.secrets.";

    /** The domain: rules, ports and their exceptions (common: what every feature shares, e.g. the exceptions). */
    private static final Set<String> DOMAIN = Set.of("common", "auth", "credential", "secret", "vault", "team", "apikey",
            "teamevents", "sweep", "resolve", "audit", "idempotency", "ratelimit", "expiry", "verify");

    /** from -> to, our packages only (short names), plus every outside package each of ours uses. */
    private static Map<String, Set<String>> ours;
    private static Map<String, Set<String>> outside;

    @BeforeAll
    static void readDependencies() throws Exception {
        Path classes = Path.of(io.dataraven.secrets.config.App.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new IllegalStateException("jdeps is not in this JDK"));
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "--multi-release",
                "17", "--ignore-missing-deps", classes.toString());
        assertThat(exit).as("jdeps on %s: %s", classes, out).isZero();
        ours = new TreeMap<>();
        outside = new TreeMap<>();
        Pattern edge = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+.*$");
        for (String line : out.toString().split("\\R")) {
            Matcher m = edge.matcher(line);
            if (!m.matches() || !m.group(1).startsWith(ROOT)) {
                continue;
            }
            String from = m.group(1).substring(ROOT.length());
            String to = m.group(2);
            if (to.startsWith(ROOT)) {
                if (!to.substring(ROOT.length()).equals(from)) {
                    ours.computeIfAbsent(from, k -> new TreeSet<>()).add(to.substring(ROOT.length()));
                }
            } else {
                outside.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
            }
        }
        assertThat(ours).as("jdeps found our packages").containsKeys("secret", "vault", "config");
    }

    @Test
    void noPackageCycles() {
        List<List<String>> cycles = stronglyConnected(ours).stream().filter(c -> c.size() > 1).toList();
        assertThat(cycles).as("package cycles (dependencies: %s)", ours).isEmpty();
    }

    @Test
    void theDomainUsesNoAwsSdkNoLambdaNoHttpAndNoAdapterOrWiringPackage() {
        Map<String, Set<String>> violations = new TreeMap<>();
        for (String domain : DOMAIN) {
            for (String to : outside.getOrDefault(domain, Set.of())) {
                if (to.startsWith("software.amazon.") || to.startsWith("com.amazonaws.")) {
                    violations.computeIfAbsent(domain, k -> new TreeSet<>()).add(to);
                }
            }
            for (String to : ours.getOrDefault(domain, Set.of())) {
                if (to.startsWith("store.") || to.equals("config") || to.equals("vault.provider") || to.equals("api")) {
                    violations.computeIfAbsent(domain, k -> new TreeSet<>()).add(to);
                }
            }
        }
        assertThat(violations).as("domain packages reaching AWS SDK, Lambda, HTTP (api), adapters or wiring")
                .isEmpty();
    }

    /** Tarjan's strongly connected components. */
    private static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Set<String> nodes = new TreeSet<>(graph.keySet());
        graph.values().forEach(nodes::addAll);
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String node : nodes) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<List<String>> components, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, components, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }
}
