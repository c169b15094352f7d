package io.dataraven.secrets.vault.provider;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTextTest {

    @Test
    void quotedNamesCannotSteerTheClassificationButApostrophesSurvive() {
        ErrorText text = ErrorText.of("[ERROR] 2026/03/01 12:00:00 could not read secret "
                + "'op://DevOps/authentication/password': \"authentication\" isn't an item in the \"DevOps\" vault.");

        assertThat(text.containsAny("authentication")).isFalse();
        assertThat(text.containsAny("isn't an item")).isTrue();
    }

    @Test
    void namesTheCallerKnowsAreCutOutWhereverTheyStand() {
        ErrorText text = ErrorText.of("could not get item DevOps/Too many requests: gone", "DevOps/Too many requests");

        assertThat(text.containsAny("too many requests")).isFalse();
        assertThat(text.containsAny("could not get item")).isTrue();
    }

    @Test
    void readsTheWaitFromTheText() {
        assertThat(ErrorText.of("Rate limit exceeded. Please try again in 12 seconds").retryAfterSeconds())
                .hasValue(12);
        assertThat(ErrorText.of("(429) Too Many Requests: ... Please retry in 59 minutes or try other requests.")
                .retryAfterSeconds()).hasValue(59 * 60);
        assertThat(ErrorText.of("Please retry in 1 hour").retryAfterSeconds()).hasValue(3600);
        assertThat(ErrorText.of("Too Many Requests").retryAfterSeconds()).isEmpty();
    }
}
