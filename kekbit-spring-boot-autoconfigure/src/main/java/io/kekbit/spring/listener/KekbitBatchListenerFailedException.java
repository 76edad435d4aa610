package io.kekbit.spring.listener;

/**
 * Thrown by a batch {@link KekbitListener} method to say which record of the batch failed, like Spring Kafka's
 * {@code BatchListenerFailedException}: the records before it count as handled and their positions are saved, the
 * error handler decides about the failed record (retry it after a delay, give up on it, for example to the dead-letter
 * writer, or stop), and the records after it are delivered again in the next batch. Any other exception fails the
 * whole batch. Give the index in the list the method received, or the element itself.
 * <pre>{@code
 * @KekbitListener(channel = "orders", batch = "true")
 * void onOrders(List<Order> orders)
 * {
 *     for (int i = 0; i < orders.size(); i++)
 *     {
 *         try
 *         {
 *             repository.save(orders.get(i));
 *         }
 *         catch (DataAccessException ex)
 *         {
 *             throw new KekbitBatchListenerFailedException("cannot save order", ex, i);
 *         }
 *     }
 * }
 * }</pre>
 * Thread-safe (immutable).
 */
public class KekbitBatchListenerFailedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int index;
    private final transient Object element;

    /**
     * Names the failed record by its index in the batch.
     *
     * @param message what failed.
     * @param cause   the underlying failure; may be null.
     * @param index   index of the failed record in the list the method received.
     */
    public KekbitBatchListenerFailedException(final String message, final Throwable cause, final int index)
    {
        super(message + " (batch index " + index + ")", cause);
        this.index = index;
        this.element = null;
    }

    /**
     * Names the failed record by the element the method received (found by identity in the batch).
     *
     * @param message what failed.
     * @param cause   the underlying failure; may be null.
     * @param element the failed element of the list the method received.
     */
    public KekbitBatchListenerFailedException(final String message, final Throwable cause, final Object element)
    {
        super(message, cause);
        this.index = -1;
        this.element = element;
    }

    /**
     * Index of the failed record in the batch.
     *
     * @return the index, or -1 when the exception names the element instead.
     */
    public int getIndex()
    {
        return index;
    }

    /**
     * The failed element, when the exception was created with one.
     *
     * @return the element, or null.
     */
    public Object getElement()
    {
        return element;
    }
}
