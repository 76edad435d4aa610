package io.kekbit.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that receives the records of a kekbit channel, on a dedicated thread per listener.
 * Every attribute is a String and may use {@code ${...}} placeholders.
 * <pre>{@code
 * @KekbitListener(channel = "orders", id = "order-view")
 * void onOrder(Order order, @Header(KekbitHeaders.POSITION) long position) { ... }
 * }</pre>
 * Supported parameters: {@code byte[]} (a copy), {@link String} (UTF-8), {@link java.nio.ByteBuffer} (zero-copy,
 * valid only during the call), a POJO converted from JSON, {@code org.springframework.messaging.Message<T>} with any
 * of those payload types, and {@code @Header} parameters for {@link KekbitHeaders#POSITION},
 * {@link KekbitHeaders#CHANNEL_ID} and {@link KekbitHeaders#CHANNEL_NAME}.
 * <p>
 * On an enveloped channel ({@code kekbit.readers.<name>.envelope=true}, see {@code docs/envelope.md}) the payload is
 * the envelope's body, and {@code @Header("name")} parameters also receive the record's headers: {@code String},
 * {@code byte[]}, {@code long}/{@code Long} or {@code Object}; a missing header fails the record (not retried)
 * unless {@code required = false}, which gives null. {@code Message<T>} headers hold them all.
 * <pre>{@code
 * @KekbitListener(channel = "orders", deadLetter = "orders-dlt")
 * void onOrder(Order order, @Header("traceparent") String traceparent,
 *     @Header(name = "attempt", required = false) Long attempt) { ... }
 * }</pre>
 * A method returns {@code void}, unless it carries Spring's
 * {@link org.springframework.messaging.handler.annotation.SendTo @SendTo} naming a writer: its return value (a
 * payload, a {@code Message<?>} with headers, or null for nothing) is then sent there with the
 * {@code KekbitTemplate}. A {@code @Valid} payload is validated with the application's {@code Validator} when it has
 * one. {@link #filter()} discards records before conversion.
 * <pre>{@code
 * @KekbitListener(channel = "orders", filter = "onlyOrders")
 * @SendTo("confirmations")
 * Confirmation onOrder(@Valid Order order) { ... }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KekbitListener
{
    /**
     * Channel to read: a key of {@code kekbit.readers}, a key of {@code kekbit.writers} (same application), or a
     * channel id in decimal or {@code 0x} hex.
     *
     * @return the channel.
     */
    String channel();

    /**
     * Listener id: names the container, its thread and its durable position file. Default:
     * {@code <beanName>-<methodName>} with characters outside {@code [A-Za-z0-9_-]} replaced by {@code _}.
     *
     * @return the id.
     */
    String id() default "";

    /**
     * Whether the container starts with the context ({@code true}/{@code false}); default
     * {@code kekbit.listener.auto-startup}.
     *
     * @return the flag as text.
     */
    String autoStartup() default "";

    /**
     * Where to start: {@code beginning}, {@code end} or {@code durable}; default from the reader or
     * {@code kekbit.listener.start-from}.
     *
     * @return the start position.
     */
    String startFrom() default "";

    /**
     * Idle strategy: the name of an {@code io.kekbit.core.idle.IdleStrategy} bean, or a strategy name
     * ({@code busy-spin}, {@code yield}, {@code backoff}, {@code sleep}, {@code sleep-<n>ms}); default the
     * application's {@code IdleStrategy} bean if it has one, else {@code kekbit.listener.idle-strategy}.
     *
     * @return the idle strategy.
     */
    String idleStrategy() default "";

    /**
     * Bean name of a {@link KekbitErrorHandler} for this listener; default: the application's unique
     * KekbitErrorHandler bean, or the retrying default.
     *
     * @return the bean name.
     */
    String errorHandler() default "";

    /**
     * Name of the writer (a key of {@code kekbit.writers} or a Writer bean) that receives this listener's records
     * once the retrying default error handler gives up on them; default {@code kekbit.listener.dead-letter}. An
     * enveloped dead-letter writer gets the origin as {@code kekbit_dlt_*} headers. Not allowed together with
     * {@link #errorHandler()}.
     *
     * @return the writer name.
     */
    String deadLetter() default "";

    /**
     * Bean name of a {@link KekbitRecordFilterStrategy} that discards records before they reach this listener;
     * default: the application's unique KekbitRecordFilterStrategy bean, or none. {@code none} turns the default
     * off for this listener.
     *
     * @return the bean name.
     */
    String filter() default "";

    /**
     * Whether the method receives the records of each poll as one batch ({@code true}/{@code false}): a
     * {@code List<T>} parameter ({@code T}: {@code byte[]}, {@code String}, a JSON-mapped type or
     * {@code Message<T>}), optionally {@code @Header(KekbitHeaders.POSITION) List<Long>}. A batch holds at most
     * {@code kekbit.listener.max-records-per-poll} records; the position is saved after the batch is handled. Throw
     * {@link KekbitBatchListenerFailedException} to name the failed record. Default {@code false}.
     *
     * @return the flag as text.
     */
    String batch() default "";
}
