package io.kekbit.spring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Ahead-of-time processing of beans with {@link KekbitListener} methods: registers reflection hints so that the
 * listener post-processor can find and invoke those methods in a native image. Thread-safe (stateless).
 */
public class KekbitListenerAotProcessor implements BeanRegistrationAotProcessor
{
    /** {@inheritDoc} */
    @Override
    public BeanRegistrationAotContribution processAheadOfTime(final RegisteredBean registeredBean)
    {
        final Class<?> beanClass = registeredBean.getBeanClass();
        final List<Method> methods = new ArrayList<>();
        ReflectionUtils.doWithMethods(beanClass, methods::add,
            method -> AnnotatedElementUtils.hasAnnotation(method, KekbitListener.class));
        if (methods.isEmpty())
        {
            return null;
        }
        return (generationContext, code) ->
        {
            for (final Method method : methods)
            {
                generationContext.getRuntimeHints().reflection().registerMethod(method, ExecutableMode.INVOKE);
            }
        };
    }
}
