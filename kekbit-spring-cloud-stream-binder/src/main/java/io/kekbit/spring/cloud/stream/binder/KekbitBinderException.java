package io.kekbit.spring.cloud.stream.binder;

/**
 * A binding that cannot work as configured: a second producer on a destination, a second instance of a consumer
 * group on the same partition, an invalid or colliding destination id. {@link KekbitBinderFailureAnalyzer} reports it
 * at startup with the property to change and the fix. It is an {@link IllegalStateException} because Spring Cloud
 * Stream fails startup on those instead of retrying the binding in the background. Thread-safe (immutable).
 */
public class KekbitBinderException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final String property;
    private final String problem;
    private final String action;

    /**
     * Creates the exception.
     *
     * @param property the property that decides the outcome, such as
     *                 {@code spring.cloud.stream.bindings.input.group}.
     * @param problem  what is wrong, with the files and processes involved.
     * @param action   what to change.
     * @param cause    the underlying failure, or null.
     */
    public KekbitBinderException(final String property, final String problem, final String action,
        final Throwable cause)
    {
        super(property + ": " + problem + " " + action, cause);
        this.property = property;
        this.problem = problem;
        this.action = action;
    }

    /**
     * The property that decides the outcome.
     *
     * @return the property name.
     */
    public String getProperty()
    {
        return property;
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
     * What to change.
     *
     * @return the action.
     */
    public String getAction()
    {
        return action;
    }
}
