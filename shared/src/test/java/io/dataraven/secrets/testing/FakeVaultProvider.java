package io.dataraven.secrets.testing;

import io.dataraven.secrets.credential.Credentials;
import io.dataraven.secrets.vault.VaultType;
import io.dataraven.secrets.vault.VaultAccess;
import io.dataraven.secrets.vault.VaultProvider;
import io.dataraven.secrets.vault.VaultProviderException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A vault in memory: values by reference, a token it accepts, and the accesses it was given (for assertions). */
public final class FakeVaultProvider implements VaultProvider {

    private final VaultType type;
    private final String acceptedToken;
    public final Map<String, String> values = new HashMap<>();
    public final List<VaultAccess> accesses = new ArrayList<>();
    public RuntimeException failWith;

    public FakeVaultProvider(VaultType type, String acceptedToken) {
        this.type = type;
        this.acceptedToken = acceptedToken;
    }

    @Override
    public VaultType vaultType() {
        return type;
    }

    @Override
    public synchronized void verify(VaultAccess access) {
        accesses.add(access);
        check(access);
    }

    @Override
    public synchronized Credentials resolve(VaultAccess access, Map<String, String> referencesByField) {
        accesses.add(access);
        check(access);
        Map<String, String> out = new LinkedHashMap<>();
        referencesByField.forEach((field, ref) -> {
            String value = values.get(ref);
            if (value == null) {
                throw new VaultProviderException.ReferenceNotFound(type, field, ref, "no such secret");
            }
            out.put(field, value);
        });
        return new Credentials(out);
    }

    private void check(VaultAccess access) {
        if (failWith != null) {
            throw failWith;
        }
        String token = type == VaultType.INFISICAL ? access.tokenField("client_secret") : access.tokenField("access_token");
        if (!acceptedToken.equals(token)) {
            throw new VaultProviderException.AuthFailed(type, "the " + type.wire() + " token was rejected");
        }
    }
}
