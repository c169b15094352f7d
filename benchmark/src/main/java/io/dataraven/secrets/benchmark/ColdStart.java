package io.dataraven.secrets.benchmark;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.dataraven.secrets.config.App;
import io.dataraven.secrets.config.Priming;
import io.dataraven.secrets.config.Settings;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * One cold start, run as a fresh process per measurement with only the function's jar (and this class) on the
 * classpath: read the sample event (JDK only), construct the handler as Lambda does (no-arg constructor), optionally
 * run the SnapStart priming hook, invoke once, and print System.nanoTime() stamps, which the parent compares with
 * its own stamp taken just before starting the process (Linux: one monotonic clock for all processes).
 *
 * <p>Arguments: handler class, event file, mode: {@code plain}, {@code primed}, or {@code url}/{@code crt} (the
 * handler's injecting constructor over the production wiring with that HTTP client).
 */
public final class ColdStart {

    private ColdStart() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long tMain = System.nanoTime();
        String handlerClass = args[0];
        Path eventFile = Path.of(args[1]);
        String mode = args[2];
        Class<?> type = Class.forName(handlerClass);
        // HTTP API handlers get the API Gateway event; handlers of other events (EventBridge, direct invocation)
        // take a Map, as Lambda's runtime deserializes it.
        boolean http = Events.isHttp(eventFile);
        Object event = http ? Events.load(eventFile).event(System.getenv("BENCH_TOKEN")) : Events.raw(eventFile);
        long tEvent = System.nanoTime();

        @SuppressWarnings("rawtypes")
        RequestHandler handler;
        if (mode.equals("url") || mode.equals("crt")) {
            App app = Wiring.withHttpClient(Settings.fromEnvironment(), mode);
            handler = (RequestHandler<?, ?>) type.getConstructor(App.class).newInstance(app);
        } else {
            handler = (RequestHandler<?, ?>) type.getConstructor().newInstance();
        }
        long tInit = System.nanoTime();

        if (mode.equals("primed") && http) {
            // What the handler's constructor registered (this returns it: same App), and what Lambda runs before
            // taking the snapshot.
            Priming<?, ?> priming = Priming.register(App.fromEnvironment(), Events.sample(eventFile),
                    app -> newHandler(type, app));
            priming.beforeCheckpoint(null);
            Class.forName("io.dataraven.secrets.benchmark.ColdStart$PrimedMarker");
        }
        long tPrimed = System.nanoTime();

        int status = status(handler.handleRequest(event, null));
        long tInvoked = System.nanoTime();
        long wallInvoked = System.currentTimeMillis();
        // Right after the measured window: a marker in the class-load log (classes counted up to here).
        Class.forName("io.dataraven.secrets.benchmark.ColdStart$Marker");

        Object again = http ? Events.load(eventFile).event(System.getenv("BENCH_TOKEN")) : Events.raw(eventFile);
        int secondStatus = status(handler.handleRequest(again, null));
        long tSecond = System.nanoTime();

        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("@@ status=" + status + " second_status=" + secondStatus
                + " main=" + tMain + " event=" + tEvent + " init=" + tInit + " primed=" + tPrimed
                + " invoked=" + tInvoked + " second=" + tSecond + " jvm_start_to_invoked_ms=" + (wallInvoked - jvmStart));
        if (status >= 300 && lastBody != null) {
            System.out.println("@@ body=" + lastBody);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static String lastBody;

    /** The HTTP status of an API Gateway response; 200 for other handlers that returned normally. */
    private static int status(Object response) {
        if (response instanceof APIGatewayV2HTTPResponse r) {
            lastBody = r.getBody();
            return r.getStatusCode();
        }
        return 200;
    }

    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> newHandler(Class<?> type, App app) {
        try {
            @SuppressWarnings("unchecked")
            var handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                    type.getConstructor(App.class).newInstance(app);
            return handler;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loaded right after the first invocation: its line in -Xlog:class+load marks the end of the window. */
    static final class Marker {
    }

    /** Loaded right after priming: classes between this and {@link Marker} are what the first invoke still loads. */
    static final class PrimedMarker {
    }
}
