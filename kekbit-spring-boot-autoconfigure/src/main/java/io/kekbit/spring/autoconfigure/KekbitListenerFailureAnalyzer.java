package io.kekbit.spring.autoconfigure;

import io.kekbit.spring.listener.InvalidKekbitListenerException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidKekbitListenerException} at startup: the method and what is wrong with it.
 * Thread-safe (stateless).
 */
public class KekbitListenerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidKekbitListenerException>
{
    /** {@inheritDoc} */
    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final InvalidKekbitListenerException cause)
    {
        return new FailureAnalysis(
            "A kekbit listener cannot be registered:\n\n    Method: " + cause.getMethod() + "\n    Problem: " +
            cause.getProblem(),
            "Fix the method: parameters are one payload (byte[], String, ByteBuffer, a JSON-mapped type or " +
            "Message<T>) plus @Header(KekbitHeaders.POSITION | CHANNEL_ID | CHANNEL_NAME) parameters; channel is a " +
            "key of kekbit.readers or kekbit.writers, or a channel id; ids are unique; a method returns void, or a " +
            "value with @SendTo(\"<writer>\") naming a key of kekbit.writers or a Writer bean; filter names a " +
            "KekbitRecordFilterStrategy bean; a stateful IdleStrategy bean used by several listeners is declared " +
            "@Scope(\"prototype\").",
            cause);
    }
}
