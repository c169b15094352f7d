package io.dataraven.secrets.functions;

import com.amazonaws.services.lambda.runtime.Context;
import io.dataraven.secrets.logging.Invocations;

/** An invocation's start for the log lines, from Lambda's context (none during priming and in tests). */
final class LambdaInvocations {

    private LambdaInvocations() {
    }

    static void begin(Context context) {
        if (context == null) {
            Invocations.begin(null, null, null);
        } else {
            Invocations.begin(context.getAwsRequestId(), context.getFunctionName(), context.getFunctionVersion());
        }
    }
}
