package io.dataraven.secrets.store.dynamodb;

import io.dataraven.secrets.vault.VaultConnection;
import io.dataraven.secrets.vault.VaultField;
import io.dataraven.secrets.vault.VaultSettings;
import io.dataraven.secrets.vault.VaultType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings are stored as attributes under their field names: a new vault type must not pick a name in use. */
class VaultConnectionItemsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static VaultConnection connection(VaultType type, VaultSettings settings) {
        return new VaultConnection(UUID.randomUUID(), UUID.randomUUID(), "c", "d", type, settings, AT, "u", AT, "u",
                AT, "/p", 1L, true);
    }

    @Test
    void noVaultFieldNameIsAnAttributeTheItemUsesItself() {
        for (VaultType type : VaultType.values()) {
            assertThat(VaultConnectionItems.item(connection(type, VaultSettings.NONE)).keySet()).as(type.wire())
                    .doesNotContainAnyElementsOf(VaultType.allFieldNames());
        }
    }

    @Test
    void everyTypesSettingsRoundTripThroughTheItem() {
        for (VaultType type : VaultType.values()) {
            Map<String, String> values = new LinkedHashMap<>();
            for (VaultField field : type.settingFields()) {
                values.put(field.name(), (field.prefix() == null ? "" : field.prefix()) + field.name() + "-value");
            }
            VaultConnection written = connection(type, new VaultSettings(values));
            assertThat(VaultConnectionItems.toVaultConnection(VaultConnectionItems.item(written)).settings())
                    .as(type.wire()).isEqualTo(written.settings());
        }
    }
}
