package io.dataraven.secrets.common;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The single-field rules of the request records, declared with Jakarta Bean Validation's annotations and checked
 * here: {@code @NotNull}, {@code @NotBlank}, {@code @Size} on record components, and {@code @Valid} on the elements
 * of a list component. Messages are Bean Validation's defaults, so {@code detail} reads as it did with Hibernate
 * Validator.
 *
 * <p>Why not Hibernate Validator: for these four annotations on five records it cost about 440 classes (HV,
 * classmate, jboss-logging) and a fifth of the first write's cold start, and 1 MiB of the artifact
 * (docs/PERFORMANCE.md). Anything beyond these annotations is refused when the records are read, at start-up, so
 * a new constraint cannot be declared and silently ignored.
 */
public final class BeanValidation {

    /** One record component's rules; {@code element} is the record type of a {@code List<@Valid R>} component. */
    private record Rule(Method accessor, String name, List<Annotation> constraints, Class<?> element) {
    }

    private final Map<Class<?>, List<Rule>> rules = new HashMap<>();

    /** Reads the rules of {@code beans} (records) once; fails on a constraint this class does not check. */
    public BeanValidation(Set<Class<?>> beans) {
        for (Class<?> bean : beans) {
            if (!bean.isRecord()) {
                throw new IllegalArgumentException(bean.getName() + " is not a record");
            }
            List<Rule> beanRules = new ArrayList<>();
            for (RecordComponent component : bean.getRecordComponents()) {
                List<Annotation> constraints = new ArrayList<>();
                // The constraints target methods and fields, not record components: the accessor carries them.
                for (Annotation annotation : component.getAccessor().getAnnotations()) {
                    Class<? extends Annotation> type = annotation.annotationType();
                    if (type == NotNull.class || type == NotBlank.class || type == Size.class) {
                        constraints.add(annotation);
                    } else if (type.isAnnotationPresent(Constraint.class) || type == Valid.class) {
                        throw new IllegalArgumentException("@" + type.getSimpleName() + " on " + bean.getSimpleName()
                                + "." + component.getName() + " is not checked by " + BeanValidation.class.getName());
                    }
                }
                Class<?> element = validElement(bean, component, beans);
                if (!constraints.isEmpty() || element != null) {
                    beanRules.add(new Rule(component.getAccessor(), snake(component.getName()), List.copyOf(constraints),
                            element));
                }
            }
            rules.put(bean, List.copyOf(beanRules));
        }
    }

    /** The record type R of a {@code List<@Valid R>} component (one of {@code beans}), else null. */
    private static Class<?> validElement(Class<?> bean, RecordComponent component, Set<Class<?>> beans) {
        AnnotatedType type = component.getAnnotatedType();
        if (!(type instanceof AnnotatedParameterizedType parameterized) || component.getType() != List.class) {
            return null;
        }
        AnnotatedType argument = parameterized.getAnnotatedActualTypeArguments()[0];
        if (!argument.isAnnotationPresent(Valid.class)) {
            return null;
        }
        Class<?> element = argument.getType() instanceof Class<?> c ? c
                : (Class<?>) ((ParameterizedType) argument.getType()).getRawType();
        if (!beans.contains(element)) {
            throw new IllegalArgumentException(bean.getSimpleName() + "." + component.getName() + " validates "
                    + element.getSimpleName() + ", which is not among the validated records");
        }
        return element;
    }

    /** Constraint violations as {@code detail} items located under {@code body}, with snake_case names. */
    public <T> List<Violation> validate(T bean) {
        List<Violation> found = new ArrayList<>();
        validate(bean, List.of("body"), found);
        return List.copyOf(found);
    }

    private void validate(Object bean, List<Object> at, List<Violation> found) {
        List<Rule> beanRules = rules.get(bean.getClass());
        if (beanRules == null) {
            throw new IllegalArgumentException(bean.getClass().getName() + " was not read by this validator");
        }
        for (Rule rule : beanRules) {
            Object value = read(rule.accessor(), bean);
            List<Object> loc = new ArrayList<>(at);
            loc.add(rule.name());
            for (Annotation constraint : rule.constraints()) {
                String message = violated(constraint, value);
                if (message != null) {
                    found.add(new Violation(List.copyOf(loc), message, type(constraint)));
                }
            }
            if (rule.element() != null && value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) != null) {
                        List<Object> item = new ArrayList<>(loc);
                        item.add(i);
                        validate(list.get(i), item, found);
                    }
                }
            }
        }
    }

    /** Bean Validation's semantics and default English message, or null when the value passes. */
    private static String violated(Annotation constraint, Object value) {
        if (constraint instanceof NotNull) {
            return value == null ? "must not be null" : null;
        }
        if (constraint instanceof NotBlank) {
            // As the specification's NotBlank: null or only whitespace (String.trim's definition) is blank.
            return value == null || value.toString().trim().isEmpty() ? "must not be blank" : null;
        }
        Size size = (Size) constraint;
        int length = value instanceof CharSequence text ? text.length()
                : value instanceof List<?> list ? list.size() : -1;
        if (value == null || length < 0 || (length >= size.min() && length <= size.max())) {
            return null; // null is valid for @Size, as in the specification
        }
        return "size must be between " + size.min() + " and " + size.max();
    }

    private static Object read(Method accessor, Object bean) {
        try {
            return accessor.invoke(bean);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor.getName() + " of "
                    + bean.getClass().getSimpleName(), e);
        }
    }

    private static String type(Annotation constraint) {
        if (constraint instanceof NotNull) {
            return "missing";
        }
        return constraint instanceof NotBlank ? "string_too_short" : "string_too_long";
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
}
