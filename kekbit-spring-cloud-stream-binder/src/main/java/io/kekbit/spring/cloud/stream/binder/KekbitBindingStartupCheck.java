package io.kekbit.spring.cloud.stream.binder;

import java.util.List;
import java.util.Map;

import io.kekbit.spring.cloud.stream.binder.properties.KekbitConsumerProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitExtendedBindingProperties;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.config.BinderProperties;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.util.StringUtils;

/**
 * Takes the group locks of every configured consumer group of this binder when the binder is created, before any
 * binding. Spring Cloud Stream retries a failed binding in the background (every
 * {@code spring.cloud.stream.binding-retry-interval}) instead of failing startup, so a second instance of a group
 * would otherwise only log errors; creating the binder is not retried, so a lock held by another instance fails
 * startup here with a {@link KekbitBinderException} naming the group property. The locks are kept and reused by the
 * consumers. Thread-safe (runs once, on the context's thread).
 */
public final class KekbitBindingStartupCheck implements SmartInitializingSingleton
{
    /** The binder type name, as in {@code META-INF/spring.binders}. */
    public static final String BINDER_TYPE = "kekbit";

    private final BindingServiceProperties bindingServiceProperties;
    private final KekbitExtendedBindingProperties extendedBindingProperties;
    private final KekbitProvisioningProvider provisioningProvider;
    private final GroupLocks groupLocks;

    /**
     * Creates the check.
     *
     * @param bindingServiceProperties  Spring Cloud Stream's binding properties; null skips the check.
     * @param extendedBindingProperties the kekbit settings of the bindings.
     * @param provisioningProvider      works out the journals of destinations.
     * @param groupLocks                where the taken locks are kept.
     */
    public KekbitBindingStartupCheck(final BindingServiceProperties bindingServiceProperties,
        final KekbitExtendedBindingProperties extendedBindingProperties,
        final KekbitProvisioningProvider provisioningProvider, final GroupLocks groupLocks)
    {
        this.bindingServiceProperties = bindingServiceProperties;
        this.extendedBindingProperties = extendedBindingProperties;
        this.provisioningProvider = provisioningProvider;
        this.groupLocks = groupLocks;
    }

    /** {@inheritDoc} */
    @Override
    public void afterSingletonsInstantiated()
    {
        if (bindingServiceProperties == null)
        {
            return;
        }
        for (final Map.Entry<String, BindingProperties> entry : bindingServiceProperties.getBindings().entrySet())
        {
            final String name = entry.getKey();
            final String group = entry.getValue().getGroup();
            if (!StringUtils.hasText(group) || !isKekbit(name))
            {
                continue;
            }
            GroupNames.check(group, name);
            final ConsumerProperties consumer = bindingServiceProperties.getConsumerProperties(name);
            final ExtendedConsumerProperties<KekbitConsumerProperties> properties =
                new ExtendedConsumerProperties<>(extendedBindingProperties.getExtendedConsumerProperties(name));
            BeanUtils.copyProperties(consumer, properties);
            properties.populateBindingName(name);
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
                    }
                }
            }
        }
    }

    private boolean isKekbit(final String bindingName)
    {
        final String binder = bindingServiceProperties.getBinder(bindingName);
        if (binder == null || BINDER_TYPE.equals(binder))
        {
            return true;
        }
        final BinderProperties configured = bindingServiceProperties.getBinders().get(binder);
        return configured != null && BINDER_TYPE.equals(configured.getType());
    }
}
