package io.dataraven.secrets.benchmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Cold starts under Lambda's runtime interface client ({@link LambdaRuntime}): every variant once per round, rounds
 * interleaved (so drift on the machine hits every variant alike) after one discarded round, one more run per
 * variant that counts classes; then the report's cold-start section and its rows of the targets.
 */
final class ColdStarts {

    /**
     * One way to start one function.
     *
     * @param group     "baseline" (hello, the stand-in, the sample), "on-demand", "snap-start", or an EXTRA
     *                  comparison ("flags", "http")
     * @param function  the template function's name, or null for a baseline
     * @param snapStart AWS_LAMBDA_INITIALIZATION_TYPE=snap-start: the beforeCheckpoint hooks (priming) run before
     *                  restore/next, and the invocations come after it
     */
    record Variant(String label, String group, String function, LambdaRuntime.Function lambda, List<String> events,
                   boolean snapStart) {
    }

    static final String HELLO = "hello-world handler";
    static final String HELLO_SNAP_START = "hello-world handler (the runtime client's own floor)";
    static final String HELLO_STREAM_SNAP_START = "hello-world stream handler (the floor for a stream handler)";
    static final String STANDIN = "stand-in of AWS's dagger `CreateProductHandler` (one PutItem)";
    static final String SAMPLE = "AWS's `serverless-java-frameworks-samples` dagger `CreateProductHandler` itself";

    private final LambdaRuntime runtime;
    private final Map<Variant, List<LambdaRuntime.Life>> results = new LinkedHashMap<>();
    private final Map<Variant, Map<String, Integer>> classes = new LinkedHashMap<>();

    ColdStarts(LambdaRuntime runtime) {
        this.runtime = runtime;
    }

    void add(Variant v) {
        results.put(v, new ArrayList<>());
    }

    /** @param classLogs where to keep each variant's class-load log (--class-logs), or null */
    void run(int rounds, java.nio.file.Path classLogs) throws IOException, InterruptedException {
        for (int r = -1; r < rounds; r++) {
            log("round " + (r < 0 ? "0 (discarded)" : (r + 1) + " of " + rounds));
            for (Variant v : results.keySet()) {
                LambdaRuntime.Life life = runtime.run(v.lambda(), v.events(), v.snapStart(), false);
                if (life.error() != null) {
                    log(v.label() + ": " + life.error());
                }
                if (r >= 0) {
                    results.get(v).add(life);
                }
            }
        }
        log("class counts");
        for (Variant v : results.keySet()) {
            java.nio.file.Path keep = classLogs == null ? null : classLogs.resolve((v.label()
                    + (v.snapStart() ? "-snap-start" : "")).replaceAll("[^A-Za-z0-9.-]+", "_") + ".log");
            classes.put(v, runtime.run(v.lambda(), v.events(), v.snapStart(), true, keep).classes());
        }
    }

    // ---- report ------------------------------------------------------------------------------------------------

    private Variant find(String group, String label) {
        return results.keySet().stream().filter(v -> v.group().equals(group)
                && (v.label().equals(label) || label.equals(v.function()))).findFirst().orElse(null);
    }

    private double median(Variant v, ToDoubleFunction<LambdaRuntime.Life> metric) {
        return v == null ? Double.NaN : Benchmark.median(results.get(v).stream().filter(l -> l.error() == null)
                .map(metric::applyAsDouble).toList());
    }

    private static double total(LambdaRuntime.Life l) {
        return l.initMs() + l.invokeMs(0);
    }

    private String ok(Variant v) {
        List<LambdaRuntime.Life> lives = results.get(v);
        return lives.stream().filter(l -> l.error() == null).count() + "/" + lives.size();
    }

    /** Classes loaded between two moments of the class-count run ("" for the start of the process). */
    private String classes(Variant v, String from, String to) {
        Map<String, Integer> c = classes.getOrDefault(v, Map.of());
        if (!c.containsKey(to) || !from.isEmpty() && !c.containsKey(from)) {
            return "-";
        }
        return String.valueOf(c.get(to) - (from.isEmpty() ? 0 : c.get(from)));
    }

    /** Per-round ratios of two variants' totals: "min-max". */
    private String roundRatios(Variant a, Variant b) {
        List<Double> ratios = new ArrayList<>();
        List<LambdaRuntime.Life> x = results.get(a);
        List<LambdaRuntime.Life> y = results.get(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (x.get(i).error() == null && y.get(i).error() == null) {
                ratios.add(total(x.get(i)) / total(y.get(i)));
            }
        }
        return ratios.isEmpty() ? "-" : f2(ratios.stream().mapToDouble(d -> d).min().orElse(0)) + "-"
                + f2(ratios.stream().mapToDouble(d -> d).max().orElse(0));
    }

    /** Whether the runs had a third request after an idle gap (--idle). */
    private boolean idle() {
        return results.values().stream().flatMap(List::stream).anyMatch(l -> l.invocations().size() > 2);
    }

    /** The idle gap before the third request as the runs had it: seconds, of the median. */
    private String gap() {
        return f1(Benchmark.median(results.values().stream().flatMap(List::stream)
                .filter(l -> l.error() == null && l.invocations().size() > 2)
                .map(l -> (l.invocations().get(2).handedOut() - l.invocations().get(1).answered()) / 1e9)
                .toList()));
    }

    /** The third request's cell (after the idle gap), or nothing when the runs had none. */
    private String third(Variant v) {
        return idle() ? " | " + f0(median(v, l -> l.invocations().size() > 2 ? l.invokeMs(2) : Double.NaN)) : "";
    }

    /** Each successful run's first / second invoke, as the 25th-75th percentile of the runs. */
    private String runRatios(Variant v) {
        List<Double> ratios = results.get(v).stream().filter(l -> l.error() == null && l.invokeMs(1) > 0)
                .map(l -> l.invokeMs(0) / l.invokeMs(1)).sorted().toList();
        if (ratios.isEmpty()) {
            return "-";
        }
        int n = ratios.size();
        return f1(ratios.get((n - 1) / 4)) + "-" + f1(ratios.get((3 * (n - 1) + 3) / 4));
    }

    void report(StringBuilder md, int rounds) {
        Variant hello = find("baseline", HELLO);
        Variant standin = find("baseline", STANDIN);
        Variant sample = find("baseline", SAMPLE);
        Variant create = find("on-demand", "create-secret");
        double helloTotal = median(hello, ColdStarts::total);
        md.append("## 2. Cold start under Lambda's runtime client (medians of ").append(rounds)
                .append(" interleaved rounds)\n\n")
                .append("On demand, all times in ms: **init** = JVM start to the first `invocation/next` (the ")
                .append("runtime client, the handler's class and constructor), **first invoke** = the first event ")
                .append("handed out to its response, **total** = init + first invoke.\n\n")
                .append("| | init ms | first invoke ms | total ms | total / hello |\n|---|---:|---:|---:|---:|\n");
        for (Variant v : new Variant[]{hello, standin, sample, create}) {
            if (v == null) {
                continue;
            }
            String label = v == create ? "our Create Secret" : v.label();
            md.append("| ").append(label).append(" | ").append(f0(median(v, LambdaRuntime.Life::initMs)))
                    .append(" | ").append(f0(median(v, l -> l.invokeMs(0)))).append(" | ")
                    .append(f0(median(v, ColdStarts::total))).append(" | ")
                    .append(f2(median(v, ColdStarts::total) / helloTotal)).append(" |\n");
        }
        if (create != null && standin != null) {
            md.append("\nCreate Secret / stand-in: **").append(f2(median(create, ColdStarts::total)
                            / median(standin, ColdStarts::total))).append("x** (per-round ratios ")
                    .append(roundRatios(create, standin)).append(")");
            if (sample != null) {
                md.append("; Create Secret / the sample itself: **").append(f2(median(create, ColdStarts::total)
                                / median(sample, ColdStarts::total))).append("x** (per round ")
                        .append(roundRatios(create, sample)).append("); stand-in / the sample: ")
                        .append(f2(median(standin, ColdStarts::total) / median(sample, ColdStarts::total)))
                        .append("x (per round ").append(roundRatios(standin, sample)).append("), the sample's ")
                        .append("second request ").append(f0(median(sample, l -> l.invokeMs(1)))).append(" ms");
            }
            md.append(". Second requests: ours ").append(f0(median(create, l -> l.invokeMs(1))))
                    .append(" ms, the stand-in's ").append(f0(median(standin, l -> l.invokeMs(1)))).append(" ms.\n\n");
        }

        md.append("### Every function, on demand\n\n")
                .append("| function | init | first invoke | **total** | total / hello | total / stand-in | second ")
                .append("invoke").append(idle() ? " | third, after " + gap() + " s idle" : "")
                .append(" | classes loaded by init | ... by the first invoke | output lines: JSON log / EMF / ")
                .append("other (init and both requests) | ok runs |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|").append(idle() ? "---:|" : "")
                .append("---:|---:|---:|---:|\n");
        double standinTotal = median(standin, ColdStarts::total);
        for (Variant v : results.keySet()) {
            if (v.snapStart()) {
                continue;
            }
            double total = median(v, ColdStarts::total);
            md.append("| ").append(v.label()).append(" | ").append(f0(median(v, LambdaRuntime.Life::initMs)))
                    .append(" | ").append(f0(median(v, l -> l.invokeMs(0)))).append(" | **").append(f0(total))
                    .append("** | ").append(f2(total / helloTotal)).append(" | ").append(f2(total / standinTotal))
                    .append(" | ").append(f0(median(v, l -> l.invokeMs(1)))).append(third(v)).append(" | ")
                    .append(classes(v, "", "init")).append(" | ").append(classes(v, "init", "answer-1"))
                    .append(" | ").append(results.get(v).isEmpty() ? "-" : results.get(v).get(0).output())
                    .append(" | ").append(ok(v)).append(" |\n");
        }

        md.append("\n### Every function after the SnapStart snapshot point\n\n")
                .append("`AWS_LAMBDA_INITIALIZATION_TYPE=snap-start`: the runtime client runs the CRaC ")
                .append("`beforeCheckpoint` hooks (our `Priming`) after init, then calls `restore/next`, where Lambda ")
                .append("takes the snapshot; here it is answered at once (no snapshot, no restore: what a restore ")
                .append("itself costs is not in these numbers), but first every https peer drops its connections and ")
                .append("takes a new TLS session context, as a restored function finds its sockets dead and its old ")
                .append("sessions refused; then `afterRestore` runs and the events come. ")
                .append("Ratio = first / second invoke (of the medians); each run's own ratio, middle half of the ")
                .append("runs, beside it: how far one run says more than another.\n\n")
                .append("| function | init + beforeCheckpoint (before the point) | first invoke after the point | ")
                .append("second | **ratio** | per run (25th-75th percentile)")
                .append(idle() ? " | third, after " + gap() + " s idle" : "")
                .append(" | classes loaded by the first invoke | ok runs |\n")
                .append("|---|---:|---:|---:|---:|---:|").append(idle() ? "---:|" : "").append("---:|---:|\n");
        for (Variant v : results.keySet()) {
            if (!v.snapStart()) {
                continue;
            }
            double first = median(v, l -> l.invokeMs(0));
            double second = median(v, l -> l.invokeMs(1));
            md.append("| ").append(v.function() == null ? v.label() : v.function()).append(" | ")
                    .append(f0(median(v, LambdaRuntime.Life::initMs)))
                    .append(" | ").append(f0(first)).append(" | ").append(f0(second)).append(" | **")
                    .append(f1(first / second)).append("** | ").append(runRatios(v)).append(third(v)).append(" | ")
                    .append(classes(v, "init", "answer-1"))
                    .append(" | ").append(ok(v)).append(" |\n");
        }
        List<String> failures = new ArrayList<>();
        results.forEach((v, lives) -> lives.stream().filter(l -> l.error() != null).findFirst()
                .ifPresent(l -> failures.add(v.label() + (v.snapStart() ? " (snap-start)" : "") + ": " + l.error())));
        if (!failures.isEmpty()) {
            md.append("\n**Failed runs** (first failure of each variant):\n\n");
            failures.forEach(f -> md.append("- ").append(f.replace("\n", " ")).append('\n'));
        }
        md.append('\n');
    }

    /** The cold-start rows of the targets: {target, measured, met ("yes"/"no")}. */
    List<String[]> targets() {
        List<String[]> rows = new ArrayList<>();
        // The sample itself when it ran, else its stand-in.
        Variant sample = find("baseline", SAMPLE);
        Variant reference = sample != null ? sample : find("baseline", STANDIN);
        Variant create = find("on-demand", "create-secret");
        if (reference != null && create != null) {
            double ours = median(create, ColdStarts::total);
            double theirs = median(reference, ColdStarts::total);
            String measured = f2(ours / theirs) + "x (" + f0(ours) + " ms vs " + f0(theirs) + " ms; per round "
                    + roundRatios(create, reference) + ")";
            rows.add(new String[]{"On demand: Create Secret's total at most 1.0x the "
                    + (sample != null ? "sample's" : "stand-in's") + " (milestone)", measured, yes(ours <= theirs)});
            rows.add(new String[]{"... at most 0.75x (goal)", measured, yes(ours <= 0.75 * theirs)});
            List<String> above = results.keySet().stream().filter(v -> v.group().equals("on-demand")
                            && !v.equals(create) && median(v, ColdStarts::total) > ours)
                    .map(v -> v.function() + " " + f0(median(v, ColdStarts::total))).toList();
            rows.add(new String[]{"On demand: every other function at or below Create Secret",
                    above.isEmpty() ? "all at or below " + f0(ours) + " ms" : "above: " + String.join(", ", above),
                    yes(above.isEmpty())});
        }
        List<String> over = new ArrayList<>();
        double worst = 0;
        String worstName = "";
        for (Variant v : results.keySet()) {
            if (!v.snapStart() || v.function() == null) {
                continue; // the hello floor is a calibration, not a function of ours
            }
            double ratio = median(v, l -> l.invokeMs(0)) / median(v, l -> l.invokeMs(1));
            if (ratio > 1.3) {
                over.add(v.function() + " " + f1(ratio) + "x");
            }
            if (ratio > worst) {
                worst = ratio;
                worstName = v.function();
            }
        }
        if (!worstName.isEmpty()) {
            rows.add(new String[]{"After the snapshot point: every function's first request at most 1.3x its second",
                    over.isEmpty() ? "worst " + worstName + " " + f1(worst) + "x" : "over: " + String.join(", ", over),
                    yes(over.isEmpty())});
        }
        return rows;
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void log(String message) {
        System.err.println("[benchmark] cold starts: " + message);
    }
}
