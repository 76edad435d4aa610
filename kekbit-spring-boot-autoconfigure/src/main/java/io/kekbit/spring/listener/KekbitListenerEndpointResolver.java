package io.kekbit.spring.listener;

import io.kekbit.spring.core.KekbitMessageConverter;

/**
 * Infrastructure, not a user callback: turns a listener's attributes ({@link KekbitListener} or a
 * {@link MethodKekbitListenerEndpoint} registered in code) into a resolved {@link KekbitListenerEndpoint} and supplies
 * the defaults the post-processor needs; the auto-configuration implements it from {@code kekbit.*} properties. (To
 * register listeners in code, see {@link KekbitListenerConfigurer}.) Implementations must be thread-safe.
 */
public interface KekbitListenerEndpointResolver
{
    /**
     * Resolves a listener's settings. Attribute values have their placeholders resolved; empty means "default".
     *
     * @param id           listener id (never empty: a default id is derived before).
     * @param channel      channel attribute.
     * @param startFrom    startFrom attribute.
     * @param idleStrategy idleStrategy attribute.
     * @param autoStartup  autoStartup attribute.
     * @return the endpoint.
     * @throws IllegalStateException when a value is invalid; the message names it and the allowed values.
     */
    KekbitListenerEndpoint resolve(
        String id, String channel, String startFrom, String idleStrategy, String autoStartup);

    /**
     * Error handler of listeners that name none when the context has no unique {@link KekbitErrorHandler} bean.
     *
     * @return the default error handler.
     */
    KekbitErrorHandler defaultErrorHandler();

    /**
     * The retrying default error handler with a given dead-letter writer, for {@link KekbitListener#deadLetter()}.
     *
     * @param deadLetterWriter name of the dead-letter writer.
     * @return the error handler.
     * @throws IllegalStateException when no writer has that name.
     */
    KekbitErrorHandler deadLetterErrorHandler(String deadLetterWriter);

    /**
     * Whether a channel's records carry the kekbit envelope (headers + body).
     *
     * @param channel channel attribute of the listener.
     * @return true when enveloped.
     */
    boolean isEnvelope(String channel);

    /**
     * Converter for POJO payloads.
     *
     * @return the converter, or null when none is available.
     */
    KekbitMessageConverter messageConverter();
}
