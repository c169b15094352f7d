package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.Settings;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;


/**
 * AWS calls per operation: the function's handler over the production wiring (AwsClients) with an SDK execution
 * interceptor that records every API call (beforeExecution) and every HTTP attempt (beforeTransmission), against
 * the loopback stub. One {@code @@} line per scenario.
 *
 * <p>Arguments: handler class, its sample event, the external-create sample (or "-").
 */
public final class Calls {

    /** The key the stub knows. */
    static final String API_KEY = "dr_BenchKey0001_" + Stub.API_KEY_SECRET;
    private static final List<String> CALLS = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> ATTEMPTS = Collections.synchronizedList(new ArrayList<>());

    private Calls() {
    }

    /** Counts calls by "Service.Operation", e.g. "SSM.PutParameter". */
    static final class Counter implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            CALLS.add(name(attributes));
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            ATTEMPTS.add(name(attributes));
        }

        private static String name(ExecutionAttributes attributes) {
            return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        }
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        if (!Events.isHttp(Path.of(args[1]))) {
            direct(type, Path.of(args[1]));
            return;
        }
        Events sample = Events.load(Path.of(args[1]));
        Path external = args.length > 2 && !args[2].equals("-") ? Path.of(args[2]) : null;
        Settings settings = Settings.fromEnvironment();
        App app = Wiring.production(settings, List.of(new Counter()));
        Invoker handler = Invoker.of(type, app);
        String token = System.getenv("BENCH_TOKEN");
        String endpoint = settings.endpointUrl();

        run("priming (beforeCheckpoint)", endpoint, "normal", () -> {
            Priming priming = Priming.register(app, Events.sample(Path.of(args[1])), a -> {
                try {
                    return Invoker.of(type, a).handler();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
            priming.beforeCheckpoint(null);
            return "-";
        });
        run("success (sample event)", endpoint, "normal", () -> status(handler.invoke(sample.event(token))));
        // Creates are POSTs on a collection (rotate, test, verify, rollback and revoke are POSTs on an item). The
        // stub's name-taken and limit-reached answers are cancellations of a [item, name lock, team counter]
        // transaction: the shape of a secret's and a vault connection's create only. Given to any other write they
        // name a part its transaction does not have (or its audit item) and the run reports the 500 that such an
        // impossible answer deserves; an API key's limit is read before its transaction.
        boolean create = sample.method().equals("POST") && sample.routeKey().matches(".*/\\{team_id}/[a-z-]+$");
        boolean counted = create && sample.routeKey().matches(".*/(secrets|vault-connections)$");
        if (create) {
            if (external != null && Files.exists(external)) {
                Events ext = Events.load(external);
                run("success (vault reference)", endpoint, "normal",
                        () -> status(handler.invoke(ext.event(token))));
            }
            if (counted) {
                run("name already taken", endpoint, "name-taken",
                        () -> status(handler.invoke(sample.event(token))));
                run("tier limit reached", endpoint, "limit-reached",
                        () -> status(handler.invoke(sample.event(token))));
            }
            run("invalid body", endpoint, "normal", () -> status(handler.invoke(
                    sample.event(token, null, "{\"name\":\"\",\"secret_type\":\"s3\"}"))));
        } else {
            run("nothing stored (reads come back empty)", endpoint, "empty",
                    () -> status(handler.invoke(sample.event(token))));
        }
        run("bad token", endpoint, "normal", () -> status(handler.invoke(sample.event("not-a-jwt"))));
        // An API key instead of a JWT: one GetItem more, and a last-use UpdateItem at most once a minute per key.
        run("with an API key", endpoint, "normal", () -> status(handler.invoke(sample.event(API_KEY))));
        run("with an API key last used over a minute ago", endpoint, "key-stale",
                () -> status(handler.invoke(sample.event(API_KEY))));
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * A function invoked directly or by EventBridge (not over HTTP): its sample event as Lambda's runtime hands it
     * over (a Map), against stored data and against an empty table. The outcome is "ok" or the exception's type.
     */
    @SuppressWarnings("unchecked")
    private static void direct(Class<?> type, Path event) throws Exception {
        Settings settings = Settings.fromEnvironment();
        App app = Wiring.production(settings, List.of(new Counter()));
        Invoker handler = Invoker.of(type, app);
        String endpoint = settings.endpointUrl();
        Scenario invoke = () -> {
            try {
                handler.invoke(Events.raw(event));
                return "ok";
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName();
            }
        };
        run("success (sample event)", endpoint, "normal", invoke);
        run("nothing stored (reads come back empty)", endpoint, "empty", invoke);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private interface Scenario {
        String run() throws Exception;
    }

    private static String status(Object response) {
        return String.valueOf(((APIGatewayV2HTTPResponse) response).getStatusCode());
    }

    private static void run(String name, String endpoint, String mode, Scenario scenario) throws Exception {
        setMode(endpoint, mode);
        CALLS.clear();
        ATTEMPTS.clear();
        String status = scenario.run();
        System.out.println("@@ scenario=" + name.replace(' ', '_') + " status=" + status
                + " calls=" + String.join(",", CALLS) + " attempts=" + ATTEMPTS.size());
        setMode(endpoint, "normal");
    }

    private static void setMode(String endpoint, String mode) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/__mode"))
                .POST(HttpRequest.BodyPublishers.ofString(mode)).build(), HttpResponse.BodyHandlers.discarding());
    }

}
