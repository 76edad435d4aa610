package io.kekbit.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on {@link KekbitListener} detection: registers the {@link KekbitListenerAnnotationBeanPostProcessor} and the
 * {@link KekbitListenerEndpointRegistry} unless beans with their names exist. Spring Boot applications do not need
 * it: the auto-configuration imports it. Other applications also define a {@link KekbitListenerEndpointResolver} bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(KekbitListenerBootstrap.class)
public @interface EnableKekbit
{
}
