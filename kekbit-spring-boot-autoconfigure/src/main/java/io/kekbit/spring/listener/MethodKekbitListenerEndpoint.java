package io.kekbit.spring.listener;

import java.lang.reflect.Method;
import java.util.Objects;

/**
 * A listener to register: a method to call on an object for each record, plus the listener's settings as written
 * (placeholders already resolved; an empty string means the default from {@code kekbit.*} properties). The
 * {@link KekbitListener} annotation makes one per method; a {@link KekbitListenerConfigurer} makes one through the
 * {@link KekbitListenerEndpointRegistrar}, usually for a {@link KekbitRecordListener} or {@link KekbitMessageListener}
 * lambda. Both kinds are resolved and turned into containers the same way. Not thread-safe: configure it on one
 * thread before the containers are built.
 */
public final class MethodKekbitListenerEndpoint
{
    private final Object bean;
    private final Method method;
    private String id;
    private String channel;
    private String startFrom = "";
    private String idleStrategy = "";
    private String autoStartup = "";
    private String errorHandlerBeanName = "";
    private KekbitErrorHandler errorHandler;
    private String deadLetter = "";
    private String filter = "";
    private String batch = "";
    private String sendTo;
    private String description;

    /**
     * Creates an endpoint calling {@code method} on {@code bean}.
     *
     * @param bean    the object holding the method.
     * @param method  the method, invocable on {@code bean}; its parameters are analysed as for
     *                {@link KekbitListener}.
     * @param id      listener id: container name, thread name and default durable name.
     * @param channel a key of {@code kekbit.readers} or {@code kekbit.writers}, or a channel id.
     * @throws NullPointerException when an argument is null.
     */
    public MethodKekbitListenerEndpoint(final Object bean, final Method method, final String id, final String channel)
    {
        this.bean = Objects.requireNonNull(bean, "bean");
        this.method = Objects.requireNonNull(method, "method");
        this.id = Objects.requireNonNull(id, "id");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.description = method.toGenericString();
    }

    /**
     * Sets where to start reading.
     *
     * @param value beginning, end or durable; empty for the default.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint startFrom(final String value)
    {
        this.startFrom = text(value);
        return this;
    }

    /**
     * Sets the idle strategy.
     *
     * @param value an idle strategy name (busy-spin, yield, backoff, sleep, sleep-&lt;n&gt;ms) or the name of an
     *              {@code IdleStrategy} bean; empty for the default.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint idleStrategy(final String value)
    {
        this.idleStrategy = text(value);
        return this;
    }

    /**
     * Sets whether the container starts with the context.
     *
     * @param value true or false; empty for the default.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint autoStartup(final String value)
    {
        this.autoStartup = text(value);
        return this;
    }

    /**
     * Sets the error handler by bean name.
     *
     * @param beanName name of a {@link KekbitErrorHandler} bean; empty for the default.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint errorHandler(final String beanName)
    {
        this.errorHandlerBeanName = text(beanName);
        return this;
    }

    /**
     * Sets the error handler object.
     *
     * @param handler the handler, or null for the default.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint errorHandler(final KekbitErrorHandler handler)
    {
        this.errorHandler = handler;
        return this;
    }

    /**
     * Sets the dead-letter writer of the default error handler.
     *
     * @param writerName a writer name; empty for none.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint deadLetter(final String writerName)
    {
        this.deadLetter = text(writerName);
        return this;
    }

    /**
     * Sets the record filter by bean name ({@link KekbitListener#filter()}).
     *
     * @param beanName a {@link KekbitRecordFilterStrategy} bean name, {@code none} for no filter, or empty for the
     *                 application's unique filter bean.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint filter(final String beanName)
    {
        this.filter = text(beanName);
        return this;
    }

    /**
     * Sets whether the method receives each poll's records as one batch ({@link KekbitListener#batch()}).
     *
     * @param value {@code true}, {@code false}, or empty for false.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint batch(final String value)
    {
        this.batch = text(value);
        return this;
    }

    /**
     * Sets the writer the method's return value is sent to, as {@code @SendTo} does.
     *
     * @param writerName a writer name, or null when the method returns void.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint sendTo(final String writerName)
    {
        this.sendTo = writerName == null || writerName.isBlank() ? null : writerName.trim();
        return this;
    }

    /**
     * The record filter bean name.
     *
     * @return the bean name, {@code none}, or empty for the default.
     */
    public String getFilter()
    {
        return filter;
    }

    /**
     * Whether the method is a batch listener, as set.
     *
     * @return {@code true}, {@code false} or empty.
     */
    public String getBatch()
    {
        return batch;
    }

    /**
     * The writer the method's return value is sent to.
     *
     * @return the writer name, or null.
     */
    public String getSendTo()
    {
        return sendTo;
    }

    /**
     * Sets how error messages name this listener.
     *
     * @param value for example the method and its bean.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint description(final String value)
    {
        this.description = Objects.requireNonNull(value, "description");
        return this;
    }

    /**
     * Sets the listener id.
     *
     * @param value the id.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint id(final String value)
    {
        this.id = Objects.requireNonNull(value, "id");
        return this;
    }

    /**
     * Sets the channel.
     *
     * @param value a key of {@code kekbit.readers} or {@code kekbit.writers}, or a channel id.
     * @return this endpoint.
     */
    public MethodKekbitListenerEndpoint channel(final String value)
    {
        this.channel = Objects.requireNonNull(value, "channel");
        return this;
    }

    /**
     * The object holding the method.
     *
     * @return the bean or listener object.
     */
    public Object getBean()
    {
        return bean;
    }

    /**
     * The method called per record.
     *
     * @return the method.
     */
    public Method getMethod()
    {
        return method;
    }

    /**
     * Listener id.
     *
     * @return the id.
     */
    public String getId()
    {
        return id;
    }

    /**
     * Channel as written.
     *
     * @return the channel.
     */
    public String getChannel()
    {
        return channel;
    }

    /**
     * Start position as written.
     *
     * @return the value, empty for the default.
     */
    public String getStartFrom()
    {
        return startFrom;
    }

    /**
     * Idle strategy as written.
     *
     * @return a name or bean name, empty for the default.
     */
    public String getIdleStrategy()
    {
        return idleStrategy;
    }

    /**
     * Auto-startup as written.
     *
     * @return true, false, or empty for the default.
     */
    public String getAutoStartup()
    {
        return autoStartup;
    }

    /**
     * Error handler bean name.
     *
     * @return the name, empty for none.
     */
    public String getErrorHandlerBeanName()
    {
        return errorHandlerBeanName;
    }

    /**
     * Error handler object.
     *
     * @return the handler, or null.
     */
    public KekbitErrorHandler getErrorHandler()
    {
        return errorHandler;
    }

    /**
     * Dead-letter writer name.
     *
     * @return the name, empty for none.
     */
    public String getDeadLetter()
    {
        return deadLetter;
    }

    /**
     * How error messages name this listener.
     *
     * @return the description.
     */
    public String getDescription()
    {
        return description;
    }

    private static String text(final String value)
    {
        return value == null ? "" : value.trim();
    }
}
