package io.kekbit.spring.listener;

/**
 * What a {@link ListenerSource} and the {@link ChannelWaiter} report to the container while they open, wait for or
 * end a channel. Called on the poll thread only.
 */
interface ListenerStatus
{
    /**
     * The listener waits (for the channel to appear, to be re-created, or for a journal's writer), or no longer does.
     *
     * @param why the reason, or null once the wait is over.
     */
    void waiting(String why);

    /**
     * The listener stops by itself because something failed (the channel cannot be opened, a journal segment is
     * missing).
     *
     * @param why the reason.
     */
    void failed(String why);

    /**
     * The listener stops by itself because its channel ended (closed, full, timed out or corrupt) and it does not
     * wait for a new one.
     *
     * @param why the reason.
     */
    void ended(String why);

    /**
     * Whether the listener is waiting (reported through {@link #waiting} and not yet over).
     *
     * @return true while waiting.
     */
    boolean isWaiting();

    /**
     * Whether a stop was requested; waits end early when it was.
     *
     * @return true once a stop was requested.
     */
    boolean isStopRequested();
}
