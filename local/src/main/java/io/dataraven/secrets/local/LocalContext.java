package io.dataraven.secrets.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The Lambda context of one local invocation: a fresh request id and a deadline from the function's Timeout. */
final class LocalContext implements Context {

    private static final System.Logger LOG = System.getLogger("io.dataraven.secrets.local.lambda");

    /** Handlers that log through the context end up in the server's log, as they would in CloudWatch. */
    private static final LambdaLogger LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
            LOG.log(System.Logger.Level.INFO, message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String requestId = UUID.randomUUID().toString();
    private final String functionName;
    private final int memoryMb;
    private final long deadlineNanos;

    LocalContext(String functionName, int timeoutSeconds, int memoryMb) {
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.deadlineNanos = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return LOGGER;
    }
}
