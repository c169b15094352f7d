package io.dataraven.secrets.verify.provider;

import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.verify.CheckOutcome;
import io.dataraven.secrets.verify.CheckTarget;
import io.dataraven.secrets.verify.Reason;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Blob with a SAS URL: List Blobs on the SAS's container (at most one), the SAS's own query kept. The
 * provider is named by the account (the host's first label), never by the URL: it holds the signature.
 */
final class AzureSasCheck implements MethodCheck {

    static final String VERSION = "2021-12-02";
    private static final Pattern DETAIL = Pattern.compile(
            "<AuthenticationErrorDetail>(.{0,2048}?)</AuthenticationErrorDetail>", Pattern.DOTALL);

    private final CheckHttp http;
    private final URI blobBase;

    /** {@code blobBase}: null for the SAS URL's own host (tests give a stand-in's origin). */
    AzureSasCheck(CheckHttp http, URI blobBase) {
        this.http = http;
        this.blobBase = blobBase;
    }

    @Override
    public CheckOutcome check(Credentials credentials, CheckTarget target) {
        URI sas;
        try {
            sas = new URI(credentials.values().getOrDefault("sas_url", ""));
        } catch (Exception e) {
            return CheckOutcome.failed(Reason.AUTH_FAILED, "The stored sas_url is not a valid URL.");
        }
        String host = sas.getHost();
        if (host == null || !"https".equalsIgnoreCase(sas.getScheme()) || sas.getRawQuery() == null) {
            return CheckOutcome.failed(Reason.AUTH_FAILED, "The stored sas_url is not an https URL with a SAS "
                    + "query.");
        }
        String account = host.split("\\.", 2)[0];
        String provider = "Azure Blob account " + account;
        String origin = blobBase != null ? blobBase.toString()
                : "https://" + host + (sas.getPort() == -1 ? "" : ":" + sas.getPort());
        String path = sas.getRawPath() == null ? "" : sas.getRawPath();
        URI uri = URI.create(origin + path + "?" + sas.getRawQuery() + "&restype=container&comp=list&maxresults=1");
        if (blobBase == null) {
            http.requirePublic(uri);
        }
        CheckHttp.Response response = http.send(http.get(uri).header("x-ms-version", VERSION),
                provider);
        return answer(response, provider, "the SAS");
    }

    /** The answer to a list call, shared with the account-key check. */
    static CheckOutcome answer(CheckHttp.Response response, String provider, String what) {
        if (response.status() == 200) {
            return response.body().contains("<EnumerationResults")
                    ? CheckOutcome.ok("Authenticated to " + provider + " with " + what + ".")
                    : CheckOutcome.failed(Reason.PROVIDER_ERROR, provider + " answered the list call with "
                    + "something that is not an Azure listing.");
        }
        CheckOutcome server = CheckHttp.serverError(response, provider, "ServerBusy");
        if (server != null) {
            return server;
        }
        String code = response.xmlCode().orElse(null);
        if (response.status() == 403 && "AuthenticationFailed".equals(code)) {
            Matcher detail = DETAIL.matcher(response.body());
            String text = detail.find() ? detail.group(1).toLowerCase(Locale.ROOT) : "";
            if (text.contains("expir") || text.contains("specified time frame")
                    || text.contains("has to be after signed start time")) {
                return CheckOutcome.failed(Reason.EXPIRED, provider + " refused " + what + ": it is outside its "
                        + "validity window (expired or not valid yet).");
            }
            return CheckOutcome.failed(Reason.AUTH_FAILED, provider + " refused " + what
                    + " (AuthenticationFailed): the signature or key is wrong, or it was revoked.");
        }
        if (response.status() == 403 && ("AuthorizationPermissionMismatch".equals(code)
                || "AuthorizationResourceTypeMismatch".equals(code))) {
            return CheckOutcome.ok(provider + ": authenticated; " + what + " does not allow listing (" + code
                    + ").");
        }
        if (response.status() == 404 && ("ContainerNotFound".equals(code) || "ResourceNotFound".equals(code))) {
            return CheckOutcome.failed(Reason.NOT_FOUND, provider + " says the container does not exist (" + code
                    + ").");
        }
        return CheckOutcome.failed(Reason.PROVIDER_ERROR, provider + " answered HTTP " + response.status()
                + (code == null ? "" : " (" + code + ")") + ".");
    }
}
