package io.dataraven.secrets.verify.provider;

import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;

/**
 * One provider's check, for the methods {@link ProviderChecks} maps to it. May end early by throwing
 * {@link CheckHttp.Failure}; anything else it throws is a bug, reported as a provider error without its message.
 */
interface MethodCheck {

    CheckOutcome check(Credentials credentials, CheckTarget target);
}
