package io.kekbit.spring.cloud.stream.binder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import io.kekbit.spring.cloud.stream.binder.properties.KekbitConsumerProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitExtendedBindingProperties;
import io.kekbit.spring.listener.KekbitListenerContainerFactory;
import io.kekbit.spring.listener.SharedIdleStrategyException;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.config.BinderProperties;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamFunctionProperties;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Takes the group locks of the consumer groups this application will bind on this binder when the binder is
 * created, before any binding. Only bindings this application binds count: the input bindings of the functions in
 * {@code spring.cloud.function.definition} (or of the function Spring Cloud Stream detected when it is unset, with
 * {@code spring.cloud.stream.function.bindings.*} renames) and of {@code spring.cloud.stream.input-bindings}, and of
 * those only the ones on a {@code kekbit} binder: the binding's {@code binder}, else
 * {@code spring.cloud.stream.default-binder}, else the only binder type on the class path. Bindings of other
 * applications sharing one configuration file, and bindings on other binders, are left alone.
 * <p>
 * Spring Cloud Stream retries a failed binding in the background (every
 * {@code spring.cloud.stream.binding-retry-interval}) instead of failing startup, so a second instance of a group
 * would otherwise only log errors; creating the binder is not retried, so a lock held by another instance fails
 * startup here with a {@link KekbitBinderException} naming the group property. The locks are kept and reused by the
 * consumers, and the destinations provisioned here are the ones the bindings get ({@link KekbitProvisioningProvider}
 * provisions each once). For the same reason it reserves, for each consumer container of a binding that names no
 * {@code idle-strategy}, the container factory's default idle strategy: a stateful object (a singleton
 * {@code IdleStrategy} bean) that a {@code @KekbitListener} or another consumer container already has fails startup
 * here, naming both listeners. Thread-safe (runs once, on the context's thread).
 */
public final class KekbitBindingStartupCheck implements SmartInitializingSingleton
{
    /** The binder type name, as in {@code META-INF/spring.binders}. */
    public static final String BINDER_TYPE = "kekbit";

    private static final String BINDERS_RESOURCE = "META-INF/spring.binders";

    private final BindingServiceProperties bindingServiceProperties;
    private final StreamFunctionProperties functionProperties;
    private final String functionDefinition;
    private final KekbitExtendedBindingProperties extendedBindingProperties;
    private final KekbitProvisioningProvider provisioningProvider;
    private final GroupLocks groupLocks;
    private KekbitListenerContainerFactory containerFactory;

    /**
     * Creates the check.
     *
     * @param bindingServiceProperties  Spring Cloud Stream's binding properties; null skips the check.
     * @param functionProperties        Spring Cloud Stream's function properties (the definition it bound, and the
     *                                  binding renames); may be null.
     * @param functionDefinition        {@code spring.cloud.function.definition}, used when the function properties
     *                                  have no definition; may be null.
     * @param extendedBindingProperties the kekbit settings of the bindings.
     * @param provisioningProvider      works out the journals of destinations.
     * @param groupLocks                where the taken locks are kept.
     */
    public KekbitBindingStartupCheck(final BindingServiceProperties bindingServiceProperties,
        final StreamFunctionProperties functionProperties, final String functionDefinition,
        final KekbitExtendedBindingProperties extendedBindingProperties,
        final KekbitProvisioningProvider provisioningProvider, final GroupLocks groupLocks)
    {
        this.bindingServiceProperties = bindingServiceProperties;
        this.functionProperties = functionProperties;
        this.functionDefinition = functionDefinition;
        this.extendedBindingProperties = extendedBindingProperties;
        this.provisioningProvider = provisioningProvider;
        this.groupLocks = groupLocks;
    }

    /**
     * Sets the factory the binder's consumers get their containers from, so that a stateful default idle strategy
     * shared with another listener fails startup here; not checked without one. Call it before the check runs.
     *
     * @param containerFactory the binder's container factory, or null.
     */
    public void setContainerFactory(final KekbitListenerContainerFactory containerFactory)
    {
        this.containerFactory = containerFactory;
    }

    /** {@inheritDoc} */
    @Override
    public void afterSingletonsInstantiated()
    {
        if (bindingServiceProperties == null)
        {
            return;
        }
        final Set<String> bound = inputBindings();
        final boolean onlyKekbit = isOnlyBinderType();
        for (final Map.Entry<String, BindingProperties> entry : bindingServiceProperties.getBindings().entrySet())
        {
            final String name = entry.getKey();
            if (!bound.contains(name) || !isKekbit(name, onlyKekbit))
            {
                continue;
            }
            final String group = entry.getValue().getGroup();
            final String idleStrategy = extendedBindingProperties.getExtendedConsumerProperties(name).getIdleStrategy();
            final boolean defaultIdle = containerFactory != null && !StringUtils.hasText(idleStrategy);
            final String idleProperty = "spring.cloud.stream.kekbit.bindings." + name + ".consumer.idle-strategy";
            if (!StringUtils.hasText(group))
            {
                if (defaultIdle)
                {
                    // An anonymous consumer's listener id is generated when it binds: only check that no other
                    // listener has the default object.
                    reserveIdle("an anonymous consumer of binding " + name, false, idleProperty);
                }
                continue;
            }
            GroupNames.check(group, name);
            final ConsumerProperties consumer = bindingServiceProperties.getConsumerProperties(name);
            final ExtendedConsumerProperties<KekbitConsumerProperties> properties =
                new ExtendedConsumerProperties<>(extendedBindingProperties.getExtendedConsumerProperties(name));
            BeanUtils.copyProperties(consumer, properties);
            properties.populateBindingName(name);
            KekbitMessageChannelBinder.checkBatchMode(properties);
            final List<Integer> indexes = properties.isPartitioned() && !properties.getInstanceIndexList().isEmpty() ?
                properties.getInstanceIndexList() : List.of(properties.getInstanceIndex());
            for (final String destinationName :
                StringUtils.commaDelimitedListToStringArray(bindingServiceProperties.getBindingDestination(name)))
            {
                for (final int index : indexes)
                {
                    properties.setInstanceIndex(index);
                    final KekbitDestination destination =
                        provisioningProvider.provisionConsumerDestination(destinationName.trim(), group, properties);
                    for (int i = 0; i < destination.size(); i++)
                    {
                        groupLocks.reserve(destination.root(), destination.id(i), destination.journalName(i), group,
                            "spring.cloud.stream.bindings." + name + ".group");
                        if (defaultIdle)
                        {
                            reserveIdle(KekbitInboundChannelAdapter.listenerId(destination.journalName(i), group),
                                true, idleProperty);
                        }
                    }
                }
            }
        }
    }

    private void reserveIdle(final String listenerId, final boolean keep, final String idleProperty)
    {
        try
        {
            containerFactory.reserveDefaultIdleStrategy(listenerId, keep);
        }
        catch (final SharedIdleStrategyException ex)
        {
            throw KekbitInboundChannelAdapter.sharedIdleStrategy(idleProperty, ex);
        }
    }

    /**
     * The input bindings this application binds: {@code <function>-in-<n>} of each function in the definition (a
     * composition's names joined, as Spring Cloud Stream names it), renamed by
     * {@code spring.cloud.stream.function.bindings.*}, and {@code <name>-in-0} of each
     * {@code spring.cloud.stream.input-bindings} name.
     */
    private Set<String> inputBindings()
    {
        String definition = functionProperties == null ? null : functionProperties.getDefinition();
        if (!StringUtils.hasText(definition))
        {
            definition = functionDefinition;
        }
        final Set<String> functions = new HashSet<>();
        if (StringUtils.hasText(definition))
        {
            for (final String function : definition.split(";"))
            {
                final String name = function.trim().replace(",", "|").replace("|", "");
                if (!name.isEmpty())
                {
                    functions.add(name);
                }
            }
        }
        final String inputs = bindingServiceProperties.getInputBindings();
        if (StringUtils.hasText(inputs))
        {
            for (final String input : inputs.split(";"))
            {
                if (!input.isBlank())
                {
                    functions.add(input.trim());
                }
            }
        }
        final Map<String, String> renames = functionProperties == null ? Map.of() : functionProperties.getBindings();
        final Set<String> bindings = new HashSet<>();
        for (final String function : functions)
        {
            final Pattern input = Pattern.compile(Pattern.quote(function) + "-in-\\d+");
            for (final String name : bindingServiceProperties.getBindings().keySet())
            {
                if (input.matcher(name).matches() && !renames.containsKey(name))
                {
                    bindings.add(name);
                }
            }
            for (final Map.Entry<String, String> rename : renames.entrySet())
            {
                if (input.matcher(rename.getKey()).matches())
                {
                    bindings.add(rename.getValue());
                }
            }
        }
        return bindings;
    }

    /**
     * Whether a binding is bound by a kekbit binder: its {@code binder}, else the default binder, else the only
     * binder type on the class path.
     */
    private boolean isKekbit(final String bindingName, final boolean onlyKekbit)
    {
        String binder = bindingServiceProperties.getBinder(bindingName);
        if (!StringUtils.hasText(binder))
        {
            binder = bindingServiceProperties.getDefaultBinder();
        }
        if (!StringUtils.hasText(binder))
        {
            return onlyKekbit;
        }
        if (BINDER_TYPE.equals(binder))
        {
            return true;
        }
        final BinderProperties configured = bindingServiceProperties.getBinders().get(binder);
        return configured != null && BINDER_TYPE.equals(configured.getType());
    }

    /** Whether kekbit is the only binder type the class path declares in {@code META-INF/spring.binders}. */
    private static boolean isOnlyBinderType()
    {
        final Set<String> types = new HashSet<>();
        try
        {
            final Enumeration<URL> resources = ClassUtils.getDefaultClassLoader().getResources(BINDERS_RESOURCE);
            while (resources.hasMoreElements())
            {
                final Properties binders = new Properties();
                try (InputStream in = resources.nextElement().openStream())
                {
                    binders.load(in);
                }
                binders.stringPropertyNames().forEach(types::add);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + BINDERS_RESOURCE + ": " + ex.getMessage(), ex);
        }
        return types.size() == 1 && types.contains(BINDER_TYPE);
    }
}
