package io.kekbit.spring.autoconfigure;

/**
 * The starter cannot start a writer or a listener for a reason outside the property values themselves: a channel
 * held by a live writer in another instance, a channel closed by its previous writer, a root folder that cannot hold
 * channel files. {@link KekbitStartupFailureAnalyzer} turns it into a startup report with the subject, the problem and
 * an action that works. Thread-safe (immutable).
 */
public class KekbitStartupException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String problem;
    private final String action;

    /**
     * Creates the exception.
     *
     * @param subject what failed, such as {@code writer 'orders' (kekbit.writers.orders)}.
     * @param problem what is wrong, with paths, process ids and the OS error where known.
     * @param action  what to do about it.
     * @param cause   the underlying failure, or null.
     */
    public KekbitStartupException(final String subject, final String problem, final String action,
        final Throwable cause)
    {
        super(subject + ": " + problem, cause);
        this.subject = subject;
        this.problem = problem;
        this.action = action;
    }

    /**
     * What failed.
     *
     * @return for example {@code writer 'orders' (kekbit.writers.orders)}.
     */
    public String getSubject()
    {
        return subject;
    }

    /**
     * What is wrong.
     *
     * @return the problem.
     */
    public String getProblem()
    {
        return problem;
    }

    /**
     * What to do.
     *
     * @return the action.
     */
    public String getAction()
    {
        return action;
    }
}
