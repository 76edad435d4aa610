package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.spring.core.KekbitConversionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

class DefaultKekbitErrorHandlerTests
{
    private final ByteBuffer buffer = ByteBuffer.wrap("xxpoisonyy".getBytes(StandardCharsets.US_ASCII));
    private final FailedRecord record = new FailedRecord("view", "orders", 1).wrap(buffer, 2, 6, 64);

    @Test
    void shouldRetryFollowingBackOffThenSkip()
    {
        final ExponentialBackOff backOff = new ExponentialBackOff(10, 2.0);
        backOff.setMaxAttempts(3);
        final DefaultKekbitErrorHandler handler = new DefaultKekbitErrorHandler(backOff, null, false);
        final RuntimeException failure = new IllegalStateException("boom");
        assertThat(handler.handle(failure, record, 1)).isEqualTo(10);
        assertThat(handler.handle(failure, record, 2)).isEqualTo(20);
        assertThat(handler.handle(failure, record, 3)).isEqualTo(40);
        assertThat(handler.handle(failure, record, 4)).isEqualTo(KekbitErrorHandler.SKIP);
    }

    @Test
    void shouldNeverRetryConversionErrors()
    {
        final DefaultKekbitErrorHandler handler = new DefaultKekbitErrorHandler(new FixedBackOff(5, 10), null, false);
        final RuntimeException failure = new KekbitListenerExecutionException("wrapped",
            new KekbitConversionException("bad json", null));
        assertThat(handler.handle(failure, record, 1)).isEqualTo(KekbitErrorHandler.SKIP);
        assertThat(handler.handle(new KekbitConversionException("bad json", null), record, 1))
            .isEqualTo(KekbitErrorHandler.SKIP);
    }

    @Test
    void shouldStopWhenConfigured()
    {
        final DefaultKekbitErrorHandler handler = new DefaultKekbitErrorHandler(new FixedBackOff(5, 0), null, true);
        assertThat(handler.handle(new IllegalStateException("boom"), record, 1)).isEqualTo(KekbitErrorHandler.STOP);
    }

    @Test
    void shouldCopyOnlyThePayloadToTheDeadLetterWriter()
    {
        final List<String> written = new ArrayList<>();
        final Writer deadLetter = (Writer)java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Writer.class}, (proxy, method, args) ->
            {
                if (method.getName().equals("write") && args.length == 1 && args[0] instanceof ByteBuffer)
                {
                    final ByteBuffer src = (ByteBuffer)args[0];
                    final byte[] bytes = new byte[src.remaining()];
                    src.duplicate().get(bytes);
                    written.add(new String(bytes, StandardCharsets.US_ASCII));
                    return 16L;
                }
                throw new UnsupportedOperationException(method.getName());
            });
        final DefaultKekbitErrorHandler handler = new DefaultKekbitErrorHandler(new FixedBackOff(5, 0),
            () -> deadLetter, false);
        assertThat(handler.handle(new IllegalStateException("boom"), record, 1)).isEqualTo(KekbitErrorHandler.SKIP);
        assertThat(written).containsExactly("poison");
        assertThat(buffer.position()).isZero();
        assertThat(record.payload()).asString(StandardCharsets.US_ASCII).isEqualTo("poison");
        assertThat(record.toString()).contains("position 64").contains("'orders'").contains("'view'");
    }

    @Test
    void shouldStopWithTheRecordUnconsumedWhenTheDeadLetterWriteFails(@TempDir final Path root)
    {
        final Writer deadLetter = Kekbit.shmWriter(root, Header.of(0, 9, 4096, 100, 10_000, TickUnit.MILLIS));
        deadLetter.close();
        final DefaultKekbitErrorHandler handler = new DefaultKekbitErrorHandler(new FixedBackOff(5, 0),
            () -> deadLetter, false);
        assertThat(handler.handle(new IllegalStateException("boom"), record, 1))
            .as("a closed dead-letter writer: the record is kept nowhere else").isEqualTo(KekbitErrorHandler.STOP);
        assertThat(record.deadLetters()).isZero();
    }
}
