package io.kekbit.spring.listener;

/**
 * A listener cannot be registered, a {@link KekbitListener} method or an endpoint of a
 * {@link KekbitListenerConfigurer}: unsupported parameter, unknown channel, invalid attribute or duplicate id. Fails
 * startup; the message names the method and the bean, or the registered listener. Thread-safe (immutable).
 */
public class InvalidKekbitListenerException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param method  the method, as {@link java.lang.reflect.Method#toGenericString()}, and its bean; or the
     *                registered listener.
     * @param problem what is wrong.
     * @param cause   the underlying failure.
     */
    public InvalidKekbitListenerException(final String method, final String problem, final Throwable cause)
    {
        super("invalid kekbit listener " + method + ": " + problem, cause);
        this.method = method;
        this.problem = problem;
    }

    /**
     * The listener method.
     *
     * @return the method's generic signature.
     */
    public String getMethod()
    {
        return method;
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
}
