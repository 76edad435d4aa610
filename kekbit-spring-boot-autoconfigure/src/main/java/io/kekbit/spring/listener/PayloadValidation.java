package io.kekbit.spring.listener;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.IntPredicate;

import org.springframework.core.MethodParameter;
import org.springframework.core.log.LogAccessor;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * Validates the payload parameters of a {@link KekbitListener} method that carry {@code @Valid} (or
 * {@code @Validated}, or any annotation whose name starts with "Valid", as Spring's own argument resolvers decide)
 * with the application's {@link Validator}, after conversion and before the call. A payload that is not valid fails
 * the record with Spring's {@link MethodArgumentNotValidException}, which the default error handler never retries
 * (as Spring Kafka treats it). Thread-safe when the validator is (Spring's are).
 */
final class PayloadValidation
{
    private static final LogAccessor LOGGER = new LogAccessor(PayloadValidation.class);

    private final Validator validator;
    /** Per parameter: the parameter when it is validated, else null. */
    private final MethodParameter[] parameters;
    /** Per parameter: validation groups, empty for the default group. */
    private final Object[][] hints;
    private final String[] names;

    private PayloadValidation(
        final Validator validator, final MethodParameter[] parameters, final Object[][] hints, final String[] names)
    {
        this.validator = validator;
        this.parameters = parameters;
        this.hints = hints;
        this.names = names;
    }

    /**
     * Finds the validated parameters of a method.
     *
     * @param method    the listener method.
     * @param count     its parameter count.
     * @param validator the application's validator, or null.
     * @param eligible  whether a parameter index is a converted payload that can be validated.
     * @return the validation, or null when no eligible parameter asks for it or there is no validator (then a
     *         warning says that {@code @Valid} is ignored).
     */
    static PayloadValidation of(
        final Method method, final int count, final Validator validator, final IntPredicate eligible)
    {
        final MethodParameter[] parameters = new MethodParameter[count];
        final Object[][] hints = new Object[count][];
        final String[] names = new String[count];
        boolean any = false;
        for (int i = 0; i < count; i++)
        {
            final MethodParameter parameter = new MethodParameter(method, i);
            for (final Annotation annotation : parameter.getParameterAnnotations())
            {
                final Object[] groups = ValidationAnnotationUtils.determineValidationHints(annotation);
                if (groups != null && eligible.test(i))
                {
                    parameters[i] = parameter;
                    hints[i] = groups;
                    names[i] = "payload";
                    any = true;
                    break;
                }
            }
        }
        if (!any)
        {
            return null;
        }
        if (validator == null)
        {
            LOGGER.warn(() -> "@KekbitListener method " + method.toGenericString() + " has a @Valid payload but the " +
                "application has no Validator bean (add spring-boot-starter-validation): payloads are not validated");
            return null;
        }
        return new PayloadValidation(validator, parameters, hints, names);
    }

    /**
     * Validates an argument when its parameter asks for it.
     *
     * @param argument    the converted argument.
     * @param index       the parameter index.
     * @param position    the record's position, for the error.
     * @param channelName the channel name, for the error.
     * @throws MethodArgumentNotValidException when the argument is not valid.
     */
    void validate(final Object argument, final int index, final long position, final String channelName)
    {
        final MethodParameter parameter = parameters[index];
        if (parameter == null || argument == null)
        {
            return;
        }
        final BeanPropertyBindingResult errors = new BeanPropertyBindingResult(argument, names[index]);
        if (hints[index].length > 0 && validator instanceof SmartValidator)
        {
            ((SmartValidator)validator).validate(argument, errors, hints[index]);
        }
        else
        {
            validator.validate(argument, errors);
        }
        if (errors.hasErrors())
        {
            throw new MethodArgumentNotValidException(new GenericMessage<>(argument,
                Map.of(KekbitHeaders.POSITION, position, KekbitHeaders.CHANNEL_NAME, channelName)), parameter, errors);
        }
    }
}
