package io.dataraven.secrets.common;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request records' constraint annotations, checked with Bean Validation's semantics and default messages. */
class BeanValidationTest {

    record Item(@NotBlank @Size(max = 3) String fieldName, @Size(min = 2, max = 4) String reference) {
    }

    record Body(@NotNull String kind, @Size(max = 5) String description, List<@Valid Item> items, String free) {
    }

    record WithEmail(@Email String contact) {
    }

    record Unregistered(List<@Valid Item> items) {
    }

    private final BeanValidation validation = new BeanValidation(Set.of(Body.class, Item.class));

    @Test
    void aValidBodyHasNoViolations() {
        assertThat(validation.validate(new Body("s3", "short", List.of(new Item("key", "ref")), null))).isEmpty();
        // null passes @Size, as in the specification; a null list has no elements to check.
        assertThat(validation.validate(new Body("s3", null, null, null))).isEmpty();
    }

    @Test
    void eachRuleGivesBeanValidationsMessageAtItsSnakeCasePath() {
        List<Violation> found = validation.validate(new Body(null, "toolong", Arrays.asList(
                new Item("ok", "ref"), null, new Item(" \t", "r"), new Item("long", "12345")), "anything"));

        assertThat(found).containsExactly(
                new Violation(List.of("body", "kind"), "must not be null", "missing"),
                new Violation(List.of("body", "description"), "size must be between 0 and 5", "string_too_long"),
                new Violation(List.of("body", "items", 2, "field_name"), "must not be blank", "string_too_short"),
                new Violation(List.of("body", "items", 2, "reference"), "size must be between 2 and 4",
                        "string_too_long"),
                new Violation(List.of("body", "items", 3, "field_name"), "size must be between 0 and 3",
                        "string_too_long"),
                new Violation(List.of("body", "items", 3, "reference"), "size must be between 2 and 4",
                        "string_too_long"));
    }

    @Test
    void blankMeansNullOrOnlyWhitespace() {
        assertThat(validation.validate(new Item(null, null))).extracting(Violation::msg).containsExactly(
                "must not be blank");
        assertThat(validation.validate(new Item(" x ", null))).isEmpty();
    }

    @Test
    void aConstraintItDoesNotCheckIsRefusedAtStartNotIgnored() {
        assertThatThrownBy(() -> new BeanValidation(Set.of(WithEmail.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@Email on WithEmail.contact");
        assertThatThrownBy(() -> new BeanValidation(Set.of(Unregistered.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not among the validated records");
        assertThatThrownBy(() -> validation.validate(new WithEmail("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was not read");
    }
}
