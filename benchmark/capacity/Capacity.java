import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongToDoubleFunction;

/**
 * Capacity model of DataRaven Secrets: which account or provider ceiling a given number of teams hits first.
 * Deterministic arithmetic only, no AWS calls. Run: {@code java benchmark/capacity/Capacity.java --help}.
 * The figures, their sources and which of them are operator reports rather than AWS documentation are in
 * docs/SCALING.md; the constants below carry a short tag of the same kind.
 */
public class Capacity {

    // Tiers (shared/.../team/Tier.java): secrets and vault connections per team.
    static final int FREE_SECRETS = 5, FREE_CONNECTIONS = 1, PRO_SECRETS = 100, PRO_CONNECTIONS = 10;

    // SSM [AWS doc]: parameters per account and Region; [operator report]: Put/Delete rates (AWS publishes none).
    static final int SSM_STANDARD_MAX = 10_000, SSM_ADVANCED_MAX = 100_000;
    static final double GET_TPS_DEFAULT = 40, GET_TPS_HIGH = 10_000;
    static final double PUT_TPS_DEFAULT = 3, PUT_TPS_HIGH = 10, DELETE_TPS = 5;
    static final double ADVANCED_PARAM_MONTH_USD = 0.05, USD_PER_10K_INTERACTIONS = 0.05;
    static final int DESCRIBE_PAGE = 50, DELETE_BATCH = 10;
    // DynamoDB [AWS doc]: on-demand table default, per partition, transactions cost 2 units per item.
    static final double TABLE_RRU = 40_000, TABLE_WRU = 40_000, PARTITION_RCU = 3_000, PARTITION_WCU = 1_000;
    static final double ITEM_KB = 0.5;                       // [assumption] a metadata item is about 0.5 KB
    // Lambda [template.yaml]: the sweeper's timeout.
    static final double SWEEPER_TIMEOUT_S = 300;
    // Vault providers [provider doc]: per client IP (Doppler, Infisical Free plan) and per token/account (1Password).
    static final double DOPPLER_PER_IP_MIN = 240, DOPPLER_PER_TOKEN_MIN = 240;
    static final double INFISICAL_SECRET_PER_IP_MIN = 120, INFISICAL_ALL_PER_IP_MIN = 600;
    // Durations of one invocation [assumption: not measured on AWS; docs/PERFORMANCE.md measures in-process only].
    static final double DIRECT_RESOLVE_S = 0.06, DOPPLER_RESOLVE_S = 0.35, INFISICAL_RESOLVE_S = 0.5,
            ONEPASSWORD_RESOLVE_S = 2.0, WRITE_S = 0.15, API_READ_S = 0.04, SCAN_PAGE_S = 0.1;
    // [assumption] Share of each kind of write; creates roughly balance deletes once teams are full.
    static final double CREATE = 0.30, ROTATE = 0.35, UPDATE = 0.10, DELETE = 0.20,
            CONN_CREATE = 0.02, CONN_ROTATE = 0.02, CONN_DELETE = 0.01;
    static final double SECONDS_PER_MONTH = 730 * 3600.0;

    /** The inputs, with their defaults. */
    static final class In {
        long teams = 600;
        double proShare = 0.1, fill = 1.0, connectionFill = -1, externalShare = 0.1;
        double resolvesPerTeamHour = 60, writesPerTeamDay = 4, apiReadsPerTeamHour = 30, peakToAverage = 2;
        double teamDeletionsPerTeamDay = 0.001, fieldsPerSecret = 2, describePagesPerSecond = 5;
        double[] providerMix = {0.34, 0.33, 0.33};            // 1Password, Doppler, Infisical
        String tier = "intelligent-tiering", onePasswordPlan = "teams";
        boolean higherThroughput = false;
        double kmsQuota = 10_000, lambdaConcurrency = 1_000, apigwRps = 10_000, putEventsQuota = 10_000;
        int cells = 1, egressIps = 1;
    }

    /** Per-team averages and per-team-per-second peak rates, from which every demand scales with the team count. */
    static final class PerTeam {
        double secrets, connections, params, items, listRru, deleteBatches;
        double getParam, put, del, kms, rru, wru, lambdaSeconds, apiRps, putEvents;
        double dopplerReq, infisicalSecret, infisicalAll;

        PerTeam(In in) {
            double q = 1 - in.proShare, p = in.proShare, x = in.externalShare, d = 1 - x;
            double cf = in.connectionFill < 0 ? in.fill : in.connectionFill;
            double freeS = FREE_SECRETS * in.fill, proS = PRO_SECRETS * in.fill;
            double freeC = FREE_CONNECTIONS * cf, proC = PRO_CONNECTIONS * cf;
            secrets = q * freeS + p * proS;
            connections = q * freeC + p * proC;
            params = secrets * d + connections;                // external secrets have no parameter
            items = 2 * secrets + 2 * connections + 1;         // item + name lock each, plus the team item
            listRru = q * Math.ceil(freeS * ITEM_KB / 4) + p * Math.ceil(proS * ITEM_KB / 4);
            deleteBatches = q * Math.ceil((freeS * d + freeC) / DELETE_BATCH)
                    + p * Math.ceil((proS * d + proC) / DELETE_BATCH);

            double w = in.writesPerTeamDay / 86_400 * in.peakToAverage;
            write(w * CREATE * d, 0, new int[] {3, 1}, 1, 0);  // reserve, PutParameter, activate
            write(w * CREATE * x, 0, new int[] {4}, 0, 0);     // + the connection's reference count
            write(w * ROTATE * d, 1, new int[] {1}, 1, 0);     // rotation or new auth method: a new version,
            write(w * ROTATE * x, 1, new int[] {1}, 0, 0);     // then the pointer switch; external: mappings only
            write(w * UPDATE, 1, new int[] {3}, 0, 0);         // rename: item, old lock, new lock
            write(w * DELETE * d, 1, new int[] {3}, 0, 1);    // metadata first, then DeleteParameter
            write(w * DELETE * x, 1, new int[] {4}, 0, 0);
            write(w * CONN_CREATE, 0, new int[] {3, 1}, 1, 0);
            write(w * CONN_ROTATE, 1, new int[] {1}, 1, 0);
            write(w * CONN_DELETE, 1, new int[] {3}, 0, 1);

            double s = in.resolvesPerTeamHour / 3600, f = in.fieldsPerSecret;
            double[] m = in.providerMix;
            getParam += s;                                     // direct: the secret; external: the token
            kms += s;                                          // GetParameter WithDecryption: one KMS Decrypt
            rru += s * d * 1 + s * x * 2;                      // strongly consistent GetItem: 1 RRU each
            dopplerReq = s * x * m[1] * f;                     // one GET per distinct name
            infisicalSecret = s * x * m[2] * f;                // one GET per distinct key ...
            infisicalAll = s * x * m[2] * (f + 1);             // ... after one universal-auth login
            lambdaSeconds += s * d * DIRECT_RESOLVE_S
                    + s * x * (m[0] * ONEPASSWORD_RESOLVE_S + m[1] * DOPPLER_RESOLVE_S + m[2] * INFISICAL_RESOLVE_S);

            double a = in.apiReadsPerTeamHour / 3600;          // half list (Query), half get (GetItem)
            rru += a / 2 * listRru + a / 2 * (1 + x);
            apiRps += a;
            lambdaSeconds += a * API_READ_S;

            double t = in.teamDeletionsPerTeamDay / 86_400 * in.peakToAverage;
            wru += t * (secrets + connections) * 3 * 2;        // one transaction per secret/connection
            del += t * deleteBatches;                          // DeleteParameters of 10, paced under the delete rate
        }

        private void write(double rate, int getItems, int[] transactionItems, int puts, int deletes) {
            rru += rate * getItems;
            for (int n : transactionItems) {
                wru += rate * n * 2;
            }
            put += rate * puts;
            kms += rate * puts;                                // PutParameter of a SecureString: one KMS call
            del += rate * deletes;
            putEvents += rate;                                 // one audit event per successful mutation
            apiRps += rate;
            lambdaSeconds += rate * WRITE_S;
        }
    }

    /** One ceiling: its limit and its demand for the teams of one cell. */
    record Ceiling(String name, double limit, String unit, String source, boolean costOnly,
                   LongToDoubleFunction demand) {
        /** Smallest total team count (over all cells, spread evenly) whose busiest cell exceeds the limit. */
        long bitesAt(int cells) {
            long hi = 1_000_000_000L;
            if (demand.applyAsDouble(ceilDiv(hi, cells)) <= limit) {
                return -1;
            }
            long lo = 0;                                       // demand(lo) <= limit < demand(hi)
            while (hi - lo > 1) {
                long mid = (lo + hi) >>> 1;
                if (demand.applyAsDouble(ceilDiv(mid, cells)) > limit) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return hi;
        }
    }

    static List<Ceiling> ceilings(In in, PerTeam t) {
        List<Ceiling> c = new ArrayList<>();
        boolean standard = in.tier.equals("standard");
        c.add(new Ceiling("SSM parameters (" + in.tier + ")", standard ? SSM_STANDARD_MAX : SSM_ADVANCED_MAX,
                "params", "AWS doc", false, n -> n * t.params));
        if (in.tier.equals("intelligent-tiering")) {
            c.add(new Ceiling("  Standard count used up: Advanced, paid", SSM_STANDARD_MAX, "params", "AWS doc",
                    true, n -> n * t.params));
        }
        c.add(new Ceiling("SSM GetParameter* (shared)", in.higherThroughput ? GET_TPS_HIGH : GET_TPS_DEFAULT,
                "/s", "AWS doc", false, n -> n * t.getParam));
        c.add(new Ceiling("SSM PutParameter", in.higherThroughput ? PUT_TPS_HIGH : PUT_TPS_DEFAULT, "/s",
                "operator", false, n -> n * t.put));
        c.add(new Ceiling("SSM DeleteParameter(s)", DELETE_TPS, "/s", "operator", false, n -> n * t.del));
        c.add(new Ceiling("KMS symmetric crypto (shared)", in.kmsQuota, "/s", "AWS doc", false, n -> n * t.kms));
        c.add(new Ceiling("DynamoDB table reads (on-demand)", TABLE_RRU, "RRU/s", "AWS doc", false,
                n -> n * t.rru));
        c.add(new Ceiling("DynamoDB table writes (on-demand)", TABLE_WRU, "WRU/s", "AWS doc", false,
                n -> n * t.wru));
        c.add(new Ceiling("Lambda concurrent executions", in.lambdaConcurrency, "", "AWS doc", false,
                n -> n * t.lambdaSeconds));
        c.add(new Ceiling("API Gateway (account, Region)", in.apigwRps, "req/s", "AWS doc", false,
                n -> n * t.apiRps));
        c.add(new Ceiling("EventBridge PutEvents", in.putEventsQuota, "/s", "AWS doc", false,
                n -> n * t.putEvents));
        c.add(new Ceiling("Orphan sweep in one invocation", SWEEPER_TIMEOUT_S, "s", "assumption", false,
                n -> Math.ceil(n * t.params / DESCRIBE_PAGE) / in.describePagesPerSecond
                        + Math.ceil(n * t.items * ITEM_KB / 1024) * SCAN_PAGE_S));
        c.add(new Ceiling("Doppler per client IP", DOPPLER_PER_IP_MIN * in.egressIps, "req/min", "provider doc",
                false, n -> n * t.dopplerReq * 60));
        c.add(new Ceiling("Infisical secret ops per client IP", INFISICAL_SECRET_PER_IP_MIN * in.egressIps,
                "req/min", "provider doc", false, n -> n * t.infisicalSecret * 60));
        c.add(new Ceiling("Infisical all requests per client IP", INFISICAL_ALL_PER_IP_MIN * in.egressIps,
                "req/min", "provider doc", false, n -> n * t.infisicalAll * 60));
        return c;
    }

    public static void main(String[] args) {
        In in = parse(args);
        PerTeam t = new PerTeam(in);
        long perCell = ceilDiv(in.teams, in.cells);
        long pro = Math.round(in.teams * in.proShare);
        System.out.printf(Locale.ROOT, "DataRaven Secrets capacity: %s teams (%s Free, %s Pro), %d cell(s), %s teams"
                + " in the busiest cell%n", n(in.teams), n(in.teams - pro), n(pro), in.cells, n(perCell));
        System.out.printf(Locale.ROOT, "  fill %.2f, external %.0f%%, %s resolves/team/h at peak, %s writes/team/day,"
                        + " %s API reads/team/h, peak/average %.1f%n", in.fill, in.externalShare * 100,
                d(in.resolvesPerTeamHour), d(in.writesPerTeamDay), d(in.apiReadsPerTeamHour), in.peakToAverage);
        System.out.printf(Locale.ROOT, "  SSM tier %s, higher throughput %s, KMS %s/s, Lambda %s, API Gateway %s/s,"
                        + " PutEvents %s/s, egress IPs %d%n", in.tier, in.higherThroughput ? "on" : "off",
                n(in.kmsQuota), n(in.lambdaConcurrency), n(in.apigwRps), n(in.putEventsQuota), in.egressIps);
        System.out.printf(Locale.ROOT, "  per team: %.2f secrets, %.2f connections, %.2f parameters, %.1f items%n%n",
                t.secrets, t.connections, t.params, t.items);

        List<Ceiling> all = ceilings(in, t);
        String row = "%-42s %14s %10s %9s %12s  %s%n";
        System.out.printf(Locale.ROOT, row, "ceiling (per cell)", "limit", "demand", "headroom", "bites at", "source");
        Ceiling first = null, firstAws = null;
        for (Ceiling c : all) {
            double demand = c.demand.applyAsDouble(perCell);
            long at = c.bitesAt(in.cells);
            System.out.printf(Locale.ROOT, row, c.name, d(c.limit) + (c.unit.isEmpty() ? "" : " " + c.unit),
                    d(demand), headroom(c.limit, demand), at < 0 ? "> 1e9" : n(at),
                    c.source + (c.costOnly ? " (cost, not a failure)" : ""));
            if (!c.costOnly && at > 0) {
                first = first == null || at < first.bitesAt(in.cells) ? c : first;
                if (!c.source.startsWith("provider")) {
                    firstAws = firstAws == null || at < firstAws.bitesAt(in.cells) ? c : firstAws;
                }
            }
        }
        System.out.println();
        verdict("Bites first", first, in, perCell);
        if (firstAws != first) {
            verdict("First AWS ceiling", firstAws, in, perCell);
        }
        perTeam(in, t);
        costs(in, t, perCell);
    }

    static void verdict(String label, Ceiling c, In in, long perCell) {
        if (c != null) {
            double demand = c.demand.applyAsDouble(perCell);
            System.out.printf(Locale.ROOT, "%s: %s, at %s teams (%s)%n", label, c.name.trim(), n(c.bitesAt(in.cells)),
                    demand > c.limit ? "EXCEEDED at " + n(in.teams) : "headroom " + headroom(c.limit, demand)
                            + " at " + n(in.teams));
        }
    }

    /** Ceilings that belong to one team (its own token, account or partition): they do not grow with the count. */
    static void perTeam(In in, PerTeam t) {
        double x = in.externalShare, f = in.fieldsPerSecret, r = in.resolvesPerTeamHour;
        String plan = in.onePasswordPlan;
        double opHour = plan.equals("business") ? 10_000 : 1_000;
        double opDay = plan.equals("business") ? 50_000 : plan.equals("teams") ? 5_000 : 1_000;
        double putTps = in.higherThroughput ? PUT_TPS_HIGH : PUT_TPS_DEFAULT;
        System.out.printf(Locale.ROOT, "%nPer team (one team at %s resolves/h, all of its external secrets on one"
                + " connection):%n%-58s %10s %10s %9s%n", d(r), "ceiling", "limit", "demand", "headroom");
        teamRow("1Password reads per token per hour (" + plan + ")", opHour, r * x * f);
        teamRow("1Password requests per account per 24 h (" + plan + ")", opDay, r / in.peakToAverage * 24 * x * f);
        teamRow("Doppler requests per token per minute", DOPPLER_PER_TOKEN_MIN, r * x * f / 60);
        teamRow("DynamoDB partition WCU/s (bulk import at the Put rate)", PARTITION_WCU, putTps * 8);
        teamRow("DynamoDB partition RCU/s (this team's resolves)", PARTITION_RCU, r / 3600 * (1 + x));
        double proParams = PRO_SECRETS * in.fill * (1 - x) + PRO_CONNECTIONS * (in.connectionFill < 0 ? in.fill
                : in.connectionFill);
        System.out.printf(Locale.ROOT, "  a full Pro team's import takes >= %.0f s (PutParameter, account-wide);"
                        + " its deletion >= %.1f s (%d DeleteParameters)%n", proParams / putTps,
                Math.ceil(proParams / DELETE_BATCH) / DELETE_TPS, (int) Math.ceil(proParams / DELETE_BATCH));
        System.out.printf(Locale.ROOT, "  one team may resolve at most %s external secrets/h before its 1Password"
                + " token's hourly limit%n", d(opHour / f));
    }

    static void teamRow(String name, double limit, double demand) {
        System.out.printf(Locale.ROOT, "%-58s %10s %10s %9s%n", name, d(limit), d(demand), headroom(limit, demand));
    }

    static void costs(In in, PerTeam t, long perCell) {
        double params = perCell * t.params;
        double advanced = switch (in.tier) {
            case "advanced" -> params;
            case "intelligent-tiering" -> Math.max(0, params - SSM_STANDARD_MAX);
            default -> 0;
        };
        double interactions = (t.getParam + t.put) / in.peakToAverage * perCell * SECONDS_PER_MONTH;
        double billed = in.higherThroughput ? interactions : params == 0 ? 0 : interactions * advanced / params;
        System.out.printf(Locale.ROOT, "%nMonthly cost of these settings (all %d cell(s)): advanced parameters %s"
                        + " x $%.2f = $%s; %s billed Parameter Store API interactions = $%s%n", in.cells,
                n(advanced * in.cells), ADVANCED_PARAM_MONTH_USD, d(advanced * in.cells * ADVANCED_PARAM_MONTH_USD),
                n(billed * in.cells), d(billed * in.cells / 10_000 * USD_PER_10K_INTERACTIONS));
        if (in.tier.equals("standard") && params > SSM_STANDARD_MAX) {
            System.out.println("  Standard tier: creates past 10,000 parameters fail (ParameterLimitExceeded).");
        }
    }

    static In parse(String[] args) {
        In in = new In();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                help();
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                fail("missing value after " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--teams" -> in.teams = Long.parseLong(v.replace(",", "").replace("_", ""));
                    case "--pro-share" -> in.proShare = share(v);
                    case "--fill" -> in.fill = share(v);
                    case "--connection-fill" -> in.connectionFill = share(v);
                    case "--external-share" -> in.externalShare = share(v);
                    case "--resolves-per-team-per-hour" -> in.resolvesPerTeamHour = positive(v);
                    case "--writes-per-team-per-day" -> in.writesPerTeamDay = positive(v);
                    case "--api-reads-per-team-per-hour" -> in.apiReadsPerTeamHour = positive(v);
                    case "--peak-to-average" -> in.peakToAverage = Math.max(1, positive(v));
                    case "--team-deletions-per-team-per-day" -> in.teamDeletionsPerTeamDay = positive(v);
                    case "--fields-per-secret" -> in.fieldsPerSecret = Math.max(1, positive(v));
                    case "--describe-pages-per-second" -> in.describePagesPerSecond = Math.max(0.01, positive(v));
                    case "--provider-mix" -> in.providerMix = mix(v);
                    case "--tier" -> in.tier = oneOf(v, "standard", "advanced", "intelligent-tiering");
                    case "--higher-throughput" -> in.higherThroughput = oneOf(v, "on", "off").equals("on");
                    case "--onepassword-plan" -> in.onePasswordPlan = oneOf(v, "families", "teams", "business");
                    case "--kms-quota" -> in.kmsQuota = positive(v);
                    case "--lambda-concurrency" -> in.lambdaConcurrency = positive(v);
                    case "--apigw-rps" -> in.apigwRps = positive(v);
                    case "--putevents-quota" -> in.putEventsQuota = positive(v);
                    case "--cells" -> in.cells = (int) Math.max(1, positive(v));
                    case "--egress-ips" -> in.egressIps = (int) Math.max(1, positive(v));
                    default -> fail("unknown option " + a + " (see --help)");
                }
            } catch (NumberFormatException e) {
                fail("not a number for " + a + ": " + v);
            }
        }
        if (in.teams < 1) {
            fail("--teams must be at least 1");
        }
        return in;
    }

    static void help() {
        System.out.println("""
                java benchmark/capacity/Capacity.java [options]   capacity model of DataRaven Secrets (docs/SCALING.md)

                Load (defaults in brackets):
                  --teams N                          teams in total [600]
                  --pro-share S                      share of teams on Pro, 0..1 [0.1]
                  --fill F                           share of the tier's secret cap each team uses [1.0]
                  --connection-fill F                share of the vault-connection cap used [= --fill]
                  --external-share S                 share of secrets (and resolves) that are vault references [0.1]
                  --resolves-per-team-per-hour R     resolves per team per hour at peak [60]
                  --writes-per-team-per-day W        creates, rotations, renames, deletes... per team per day [4]
                  --api-reads-per-team-per-hour A    list/get calls per team per hour at peak [30]
                  --peak-to-average P                peak rate / daily average, for writes and costs [2]
                  --team-deletions-per-team-per-day  share of teams deleted per day [0.001]
                  --fields-per-secret N              distinct references per external secret [2]
                  --provider-mix a,b,c               1Password, Doppler, Infisical shares of external [0.34,0.33,0.33]
                Settings:
                  --tier standard|advanced|intelligent-tiering   SSM parameter tier [intelligent-tiering]
                  --higher-throughput on|off         SSM higher-throughput setting [off]
                  --kms-quota Q                      KMS symmetric cryptographic requests/s [10000]
                  --lambda-concurrency C             Lambda concurrent executions [1000]
                  --apigw-rps Q                      API Gateway requests/s per account and Region [10000]
                  --putevents-quota Q                EventBridge PutEvents/s (us-east-1 10000, lower elsewhere) [10000]
                  --cells N                          stacks/accounts; teams spread evenly [1]
                  --egress-ips N                     distinct public IPs the resolver calls providers from [1]
                  --describe-pages-per-second N      SSM DescribeParameters pages/s the sweeper gets [5]
                  --onepassword-plan families|teams|business   the teams' 1Password plan [teams]

                Prints every ceiling per cell: limit, modelled peak demand, headroom (limit/demand) and the smallest
                total team count at which it bites, then per-team ceilings and the monthly cost of the tier settings.
                Sources: "AWS doc", "provider doc", "operator" (reports, not AWS documentation), "assumption".""");
    }

    static double share(String v) {
        double x = positive(v);
        return x <= 1 ? x : fail("a share must be between 0 and 1: " + v);
    }

    static double positive(String v) {
        double x = Double.parseDouble(v.replace(",", "").replace("_", ""));
        return x >= 0 && !Double.isInfinite(x) ? x : fail("must be a non-negative number: " + v);
    }

    static double[] mix(String v) {
        String[] parts = v.split(",");
        double[] m = new double[3];
        double sum = parts.length == 3 ? 0 : fail("--provider-mix takes three shares: 1Password,Doppler,Infisical");
        for (int i = 0; i < 3; i++) {
            sum += m[i] = positive(parts[i]);
        }
        for (int i = 0; i < 3; i++) {
            m[i] = sum > 0 ? m[i] / sum : fail("--provider-mix must not be all zero");
        }
        return m;
    }

    static String oneOf(String v, String... allowed) {
        if (!List.of(allowed).contains(v)) {
            fail("expected one of " + String.join("|", allowed) + ": " + v);
        }
        return v;
    }

    static double fail(String message) {
        System.err.println("Capacity: " + message);
        System.exit(2);
        return 0;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    static String headroom(double limit, double demand) {
        if (demand <= 0) {
            return "inf";
        }
        double h = limit / demand;
        return h >= 1000 ? String.format(Locale.ROOT, "%,.0fx", h) : String.format(Locale.ROOT, "%.2fx", h);
    }

    static String n(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String d(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? n(v) : String.format(Locale.ROOT, "%,.2f", v);
    }
}
