package io.dataraven.secrets.local;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The local server's logging configuration names classes java.util.logging can load (it prints nothing else). */
class LocalApiLoggingTest {

    @Test
    void everyHandlerAndFormatterNamedIsALoadableClass() throws Exception {
        Properties config = new Properties();
        config.load(new StringReader(LocalApi.LOGGING));
        String handlers = config.getProperty("handlers");
        assertThat(handlers).isNotBlank();
        for (String handler : handlers.split("[,\\s]+")) {
            assertThatCode(() -> Class.forName(handler)).as(handler).doesNotThrowAnyException();
        }
        for (String key : config.stringPropertyNames()) {
            if (key.endsWith(".format")) {
                String formatter = key.substring(0, key.length() - ".format".length());
                assertThatCode(() -> Class.forName(formatter)).as(key).doesNotThrowAnyException();
            }
        }
    }
}
