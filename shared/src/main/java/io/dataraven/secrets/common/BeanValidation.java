package io.dataraven.secrets.common;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.PredefinedScopeHibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hibernate Validator, bootstrapped for cold start: the predefined-scope factory reads the metadata of the
 * request records once at init, and the parameter-only interpolator avoids loading an expression language.
 * Built once per container.
 */
public final class BeanValidation {

    private final ValidatorFactory factory;
    private final Validator validator;

    public BeanValidation(Set<Class<?>> beans) {
        this.factory = Validation.byProvider(PredefinedScopeHibernateValidator.class)
                .configure()
                .builtinConstraints(Set.of(NotNull.class.getName(), NotBlank.class.getName(),
                        Size.class.getName(), Pattern.class.getName()))
                .initializeBeanMetaData(beans)
                .locales(Set.of(Locale.ROOT))
                .defaultLocale(Locale.ROOT)
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    /** Constraint violations as {@code detail} items located under {@code body}, with snake_case names. */
    public <T> List<Violation> validate(T bean) {
        Set<ConstraintViolation<T>> found = validator.validate(bean);
        // Record components carry their constraints to both field and accessor; report each problem once.
        Set<Violation> unique = new LinkedHashSet<>();
        for (ConstraintViolation<T> violation : found) {
            List<Object> loc = new ArrayList<>();
            loc.add("body");
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getIndex() != null) {
                    loc.add(node.getIndex());
                }
                if (node.getName() != null && !node.getName().startsWith("<")) {
                    loc.add(snake(node.getName()));
                }
            }
            unique.add(new Violation(loc, violation.getMessage(), type(violation)));
        }
        return List.copyOf(unique);
    }

    private static String type(ConstraintViolation<?> violation) {
        String annotation = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return switch (annotation) {
            case "NotNull" -> "missing";
            case "NotBlank" -> "string_too_short";
            case "Size" -> "string_too_long";
            case "Pattern" -> "string_pattern_mismatch";
            default -> "value_error";
        };
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public void close() {
        factory.close();
    }
}
