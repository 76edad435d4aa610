package io.kekbit.spring.autoconfigure;

import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Runtime hints for ahead-of-time processing: the {@code kekbit.*} properties are bound at runtime by the writer
 * registrar and the writer beans (reflection on the properties classes), and the writer bean is a
 * {@link KekbitWriterFactoryBean} with setters. Thread-safe (stateless).
 */
public class KekbitRuntimeHints implements RuntimeHintsRegistrar
{
    /** {@inheritDoc} */
    @Override
    public void registerHints(final RuntimeHints hints, final ClassLoader classLoader)
    {
        BindableRuntimeHintsRegistrar.forTypes(KekbitProperties.class, WriterProperties.class,
            KekbitReaderProperties.class)
            .registerHints(hints, classLoader);
        hints.reflection().registerType(KekbitWriterFactoryBean.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
            MemberCategory.INVOKE_PUBLIC_METHODS);
    }
}
