package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.layout.StorageDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Reader} behaviour (docs/format.md section 8; the timeout rule is in {@link ReaderTimeoutRuleTest}): sticky
 * exhaustion, moveTo, controlled reads, failing
 * handlers, zero-copy views; opening (not found, not ready, waiting), resuming a writer, and the synchronized writer.
 */
@SuppressWarnings("try") // resources kept open on purpose, and closed explicitly to test close
class ReaderTest
{
    private static final long CHANNEL = 42;

    @TempDir
    Path root;

    private final List<String> seen = new ArrayList<>();
    private final List<Long> positions = new ArrayList<>();
    private final RecordHandler collect = (buffer, offset, length, position) ->
    {
        seen.add(new String(ReadAll.bytes(buffer, offset, length), StandardCharsets.UTF_8));
        positions.add(position);
    };

    private Writer create(final long timeout, final TickUnit unit)
    {
        return Kekbit.shmWriter(root, Header.of(1, CHANNEL, 16384, 1000, timeout, unit));
    }

    private Writer create()
    {
        return create(99_999_999_999L, TickUnit.NANOS);
    }

    private static void write(final Writer writer, final String... texts)
    {
        for (final String text : texts)
        {
            assertThat(writer.write(text.getBytes(StandardCharsets.UTF_8))).isPositive();
        }
    }

    @Test
    void shouldReturnTheCountThenTheErrorWhenABatchMeetsTheEnd()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            write(writer, "a", "b");
            writer.close();
            assertThat(reader.read(collect, 10)).isEqualTo(40);
            assertThat(reader.exhausted()).as("named at once").isEqualTo(ReadError.CLOSED);
            assertThat(reader.read(collect, 10)).isEqualTo(Reader.CLOSED);
            assertThat(reader.read(collect, 10)).isEqualTo(Reader.CLOSED);
            assertThat(reader.controlledRead((b, o, l, p) -> ControlledRecordHandler.Action.CONTINUE, 10))
                .isEqualTo(Reader.CLOSED);
            assertThat(reader.position()).isEqualTo(40);
            assertThat(seen).containsExactly("a", "b");
        }
    }

    @Test
    void shouldCountHeartbeatsAsConsumedRecords()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            writer.heartbeat();
            write(writer, "x");
            assertThat(reader.read(collect, 1)).isEqualTo(8);
            assertThat(reader.read(collect, 1)).isEqualTo(8);
            assertThat(seen).isEmpty();
            assertThat(reader.read(collect, 1)).isEqualTo(16);
            assertThat(seen).containsExactly("x");
            assertThat(positions).containsExactly(16L);
        }
    }

    @Test
    void shouldReportACorruptLengthWordAsFailed() throws Exception
    {
        try (Writer writer = create())
        {
            write(writer, "a", "b", "c");
        }
        final Path file = Kekbit.storagePath(root, CHANNEL);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 121), 1024 + 24);
        }
        try (Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            assertThat(reader.read(collect, 10)).isEqualTo(24);
            assertThat(reader.exhausted()).isEqualTo(ReadError.FAILED);
            assertThat(reader.read(collect, 10)).isEqualTo(Reader.FAILED);
            assertThat(reader.position()).isEqualTo(24);
            assertThat(seen).containsExactly("a");
            assertThat(reader.moveTo(8)).isEqualTo(8);
            assertThat(reader.moveTo(40)).isEqualTo(InvalidPosition.UNAVAILABLE.code());
        }
    }

    @ParameterizedTest(name = "moveTo({0}) -> {1}")
    @CsvSource({
        "0, 0", "8, 8", "24, 24", "32, 32", "64, 64", "80, 80",
        "4, -1", "9, -1", "16, -1", "40, -1", "48, -1", "56, -1", "72, -1", "-3, -1",
        "-8, -2", "88, -2", "16376, -2", "16384, -2", "1000000, -2"
    })
    void shouldMoveOnlyToRecordBoundaries(final long target, final long expected)
    {
        try (Writer writer = create())
        {
            // 0: heartbeat, 8: "a" (16 bytes), 24: heartbeat, 32: 20-byte payload (32 bytes), 64: "b", 80: CLOSE
            write(writer, "a");
            writer.heartbeat();
            write(writer, "twenty-bytes-payload");
            write(writer, "b");
            assertThat(writer.writeOffset()).isEqualTo(80);
        }
        try (Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            assertThat(reader.read(collect, 2)).isEqualTo(24);
            assertThat(reader.moveTo(target)).isEqualTo(expected);
            assertThat(reader.position()).isEqualTo(expected >= 0 ? target : 24);
        }
    }

    @Test
    void shouldMoveToTheWriteOffsetAndClearExhaustion()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            write(writer, "one", "two");
            assertThat(reader.moveTo(40)).isEqualTo(40);
            assertThat(reader.read(collect, 10)).isZero();
            write(writer, "three");
            assertThat(reader.read(collect, 10)).isEqualTo(16);
            writer.close();
            assertThat(reader.read(collect, 10)).isEqualTo(Reader.CLOSED);
            assertThat(reader.moveTo(24)).isEqualTo(24);
            assertThat(reader.exhausted()).isNull();
            assertThat(reader.read(collect, 10)).isEqualTo(32);
            assertThat(reader.read(collect, 10)).isEqualTo(Reader.CLOSED);
            assertThat(reader.moveTo(56)).as("the CLOSE word's position").isEqualTo(56);
            assertThat(reader.moveTo(64)).isEqualTo(InvalidPosition.UNAVAILABLE.code());
            assertThat(reader.exhausted()).as("untouched by a failed move").isNull();
            assertThat(seen).containsExactly("three", "two", "three");
            assertThat(InvalidPosition.fromCode(-1)).isEqualTo(InvalidPosition.UNALIGNED);
            assertThat(InvalidPosition.fromCode(-2)).isEqualTo(InvalidPosition.UNAVAILABLE);
            assertThat(InvalidPosition.fromCode(8)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(ControlledRecordHandler.Action.class)
    void shouldFollowTheControlledHandlerAction(final ControlledRecordHandler.Action action)
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            write(writer, "r1", "r2", "r3");
            reader.read(collect, 1);
            final List<Long> calls = new ArrayList<>();
            final long result = reader.controlledRead((buffer, offset, length, position) ->
            {
                calls.add(position);
                return position == 24 ? action : ControlledRecordHandler.Action.CONTINUE;
            }, 10);
            switch (action)
            {
                case ABORT:
                    assertThat(calls).containsExactly(8L, 24L);
                    assertThat(result).isEqualTo(16);
                    assertThat(reader.position()).isEqualTo(24);
                    break;
                case BREAK:
                    assertThat(calls).containsExactly(8L, 24L);
                    assertThat(result).isEqualTo(32);
                    assertThat(reader.position()).isEqualTo(40);
                    break;
                default:
                    assertThat(calls).containsExactly(8L, 24L, 40L);
                    assertThat(result).isEqualTo(48);
                    assertThat(reader.position()).isEqualTo(56);
                    break;
            }
            reader.read(collect, 10);
            assertThat(seen).containsExactlyElementsOf(
                action == ControlledRecordHandler.Action.ABORT ? List.of("r2", "r3") :
                action == ControlledRecordHandler.Action.BREAK ? List.of("r3") : List.of());
        }
    }

    @Test
    void shouldNotTimeOutWhileTheHandlerAbortsAnAvailableRecord()
    {
        try (Writer writer = create(0, TickUnit.MILLIS); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            write(writer, "held");
            assertThat(reader.read(collect, 1)).isEqualTo(8);
            for (int i = 0; i < 3; i++)
            {
                assertThat(reader.controlledRead((b, o, l, p) -> ControlledRecordHandler.Action.ABORT, 10))
                    .as("a refused record is not writer inactivity").isZero();
            }
            assertThat(reader.exhausted()).isNull();
            assertThat(reader.read(collect, 10)).isEqualTo(16);
            assertThat(seen).containsExactly("held");
        }
    }

    @Test
    void shouldKeepThePositionOnTheRecordWhoseHandlerThrew()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            write(writer, "ok1", "ok2", "bad", "ok3");
            final RuntimeException failure = new RuntimeException("handler failed");
            assertThatThrownBy(() -> reader.read((buffer, offset, length, position) ->
            {
                collect.onRecord(buffer, offset, length, position);
                if (position == 40)
                {
                    throw failure;
                }
            }, 10)).isSameAs(failure);
            assertThat(reader.position()).isEqualTo(40);
            assertThat(reader.exhausted()).isNull();
            assertThat(reader.read(collect, 10)).isEqualTo(32);
            assertThat(seen).containsExactly("ok1", "ok2", "bad", "bad", "ok3");
            assertThat(positions).containsExactly(8L, 24L, 40L, 40L, 56L);
        }
    }

    @Test
    void shouldKeepThePositionOnTheRecordWhoseHandlerThrewInAOneRecordRead()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            write(writer, "bad", "ok");
            assertThat(reader.read(collect, 1)).as("the first heartbeat").isEqualTo(8);
            final RuntimeException failure = new RuntimeException("handler failed");
            assertThatThrownBy(() -> reader.read((buffer, offset, length, position) ->
            {
                throw failure;
            }, 1)).isSameAs(failure);
            assertThat(reader.position()).isEqualTo(8);
            assertThat(reader.read(collect, 1)).isEqualTo(16);
            assertThat(reader.read(collect, 1)).isEqualTo(16);
            assertThat(seen).containsExactly("bad", "ok");
            assertThat(positions).containsExactly(8L, 24L);
        }
    }

    /**
     * {@code read} and {@code controlledRead} take the first record of a call on a fast path unless the position is
     * close to the end of the channel or the reader is exhausted. Seeded random channels with heartbeats, filled to
     * the end, sealed part way or left open part way, read one record per call and in batches of random size, with
     * both methods (the controlled handler continues, breaks or aborts at random), must give what the independent
     * {@link CrateReaderModel} reads from the file's bytes: the same records, end and position.
     */
    @Test
    void shouldReadWhatTheCrateModelReadsOneRecordPerCallAndInBatchesUpToTheEndOfTheChannel() throws Exception
    {
        for (int seed = 0; seed < 120; seed++)
        {
            final Random random = new Random(seed);
            final long channel = 1000 + seed;
            final long capacity = 16 * 1024 + 8L * random.nextInt(4096);
            final int end = random.nextInt(3);
            final long stopAt = end == 0 ? capacity : random.nextInt((int)capacity);
            try (Writer writer = Kekbit.shmWriter(root, Header.of(1, channel, capacity, 1 + random.nextInt(200),
                99_999_999_999L, TickUnit.NANOS)))
            {
                final int maxLength = (int)writer.header().maxMessageLength();
                int written = 0;
                while (writer.writeOffset() < stopAt)
                {
                    if (random.nextInt(10) == 0)
                    {
                        if (writer.heartbeat() < 0)
                        {
                            break;
                        }
                        continue;
                    }
                    final byte[] record = new byte[1 + random.nextInt(maxLength)];
                    random.nextBytes(record);
                    if (writer.write(record) < 0)
                    {
                        // The record does not fit: fill what is left with heartbeats.
                        while (writer.heartbeat() > 0)
                        {
                            assertThat(writer.available()).isNotNegative();
                        }
                        break;
                    }
                    written++;
                }
                if (end == 1)
                {
                    writer.seal();
                }
                final CrateReaderModel.Outcome model =
                    CrateReaderModel.read(Files.readAllBytes(Kekbit.storagePath(root, channel)));
                final String expectedEnd = writer.available() <= 8 ? "ChannelFull" : end == 1 ? "Closed" : "WATERMARK";
                assertThat(model.terminal()).as("seed %d, end", seed).isEqualTo(expectedEnd);
                assertThat(model.records()).as("seed %d, records", seed).hasSize(written);
                assertThat(model.position()).as("seed %d, position", seed).isEqualTo(writer.writeOffset());
                assertThat(readAll(channel, random, 1, false)).as("seed %d, one per call", seed).isEqualTo(model);
                assertThat(readAll(channel, random, 0, false)).as("seed %d, batches", seed).isEqualTo(model);
                assertThat(readAll(channel, random, 1, true)).as("seed %d, controlled", seed).isEqualTo(model);
                assertThat(readAll(channel, random, 0, true)).as("seed %d, controlled batches", seed)
                    .isEqualTo(model);
            }
        }
    }

    /**
     * Drains a channel as {@link ReadAll#oneByOne} does (until an error or two empty reads in a row), with batches of
     * {@code batch} records ({@code 0}: a random size per call), through {@code read} or {@code controlledRead}.
     */
    private CrateReaderModel.Outcome readAll(
        final long channel, final Random random, final int batch, final boolean controlled)
    {
        final List<GoldenCase.Rec> records = new ArrayList<>();
        final boolean[] offered = new boolean[1];
        final boolean[] stopped = new boolean[1];
        final RecordHandler handler = (buffer, offset, length, position) ->
            records.add(new GoldenCase.Rec(position, length, ReadAll.hex(buffer, offset, length)));
        final ControlledRecordHandler.Action[] actions = {ControlledRecordHandler.Action.CONTINUE,
            ControlledRecordHandler.Action.CONTINUE, ControlledRecordHandler.Action.BREAK,
            ControlledRecordHandler.Action.ABORT};
        final ControlledRecordHandler controlledHandler = (buffer, offset, length, position) ->
        {
            assertThat(stopped[0]).as("a record offered after BREAK or ABORT in the same call").isFalse();
            offered[0] = true;
            final ControlledRecordHandler.Action action = actions[random.nextInt(actions.length)];
            stopped[0] = action != ControlledRecordHandler.Action.CONTINUE;
            if (action != ControlledRecordHandler.Action.ABORT)
            {
                handler.onRecord(buffer, offset, length, position);
            }
            return action;
        };
        try (Reader reader = Kekbit.shmReader(root, channel))
        {
            int empty = 0;
            while (empty < 2)
            {
                final int max = batch > 0 ? batch : 1 + random.nextInt(8);
                offered[0] = false;
                stopped[0] = false;
                final long result = controlled ? reader.controlledRead(controlledHandler, max) :
                    reader.read(handler, max);
                if (result < 0)
                {
                    return new CrateReaderModel.Outcome(
                        records, ReadAll.statusName(ReadError.fromCode(result)), reader.position());
                }
                empty = result == 0 && !offered[0] ? empty + 1 : 0;
            }
            return new CrateReaderModel.Outcome(records, "WATERMARK", reader.position());
        }
    }

    @Test
    void shouldGiveAReadOnlyZeroCopyViewOfThePayload()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            write(writer, "view");
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            reader.read((buffer, offset, length, position) ->
            {
                assertThat(buffer.isReadOnly()).isTrue();
                assertThat(buffer.isDirect()).isTrue();
                assertThat(buffer.position()).isEqualTo(offset);
                assertThat(buffer.limit()).isEqualTo(offset + length);
                assertThat(buffer.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
                try
                {
                    buffer.put(offset, (byte)0);
                }
                catch (final ReadOnlyBufferException ex)
                {
                    failure.set(ex);
                }
            }, 10);
            assertThat(failure.get()).isInstanceOf(ReadOnlyBufferException.class);
        }
    }

    @Test
    void shouldReportAMissingChannel()
    {
        assertThatThrownBy(() -> Kekbit.shmReader(root, 99))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
            {
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_FOUND);
                assertThat(ex.path()).isEqualTo(Kekbit.storagePath(root, 99));
            })
            .hasMessage("STORAGE_NOT_FOUND: " + Kekbit.storagePath(root, 99) + ": no such channel file");
    }

    @Test
    void shouldReportAChannelUnderCreation() throws Exception
    {
        try (Writer writer = create())
        {
            final Path lock = StorageDescriptor.lockPath(root, CHANNEL);
            Files.createFile(lock);
            assertThatThrownBy(() -> Kekbit.shmReader(root, CHANNEL))
                .isInstanceOfSatisfying(ChannelException.class,
                    ex -> assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_READY))
                .hasMessageContaining("lock file " + lock);
            Files.delete(lock);
            Kekbit.shmReader(root, CHANNEL).close();
        }
    }

    @Test
    void shouldWaitForAChannelCreatedLater() throws Exception
    {
        final Thread waiter = Thread.currentThread();
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        try
        {
            final Future<Writer> creator = executor.submit(() ->
            {
                // create the channel only once the waiter has failed an attempt and is parked between tries
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline)
                {
                    Thread.onSpinWait();
                }
                return Kekbit.shmWriter(root, Header.of(77, CHANNEL, 0, 0, 0, TickUnit.SECS));
            });
            try (Reader reader = Kekbit.tryShmReader(root, CHANNEL, Duration.ofSeconds(60), 60_000))
            {
                assertThat(reader.header().writerId()).isEqualTo(77);
            }
            creator.get(30, TimeUnit.SECONDS).close();
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    @Test
    void shouldGiveUpWaitingWithStorageNotFound()
    {
        assertThatThrownBy(() -> Kekbit.tryShmReader(root, 99, Duration.ofMillis(30), 3))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_FOUND));
        assertThatIllegalArgumentException().isThrownBy(() -> Kekbit.tryShmReader(root, 99, Duration.ZERO, 0))
            .withMessage("tries must be at least 1: tries=0");
    }

    @Test
    void shouldResumeAnUnclosedChannelAfterItsLastRecord() throws Exception
    {
        final Path copy = root.resolve("copy");
        try (Writer writer = create())
        {
            write(writer, "one", "two");
            writer.heartbeat();
            final Path file = Kekbit.storagePath(root, CHANNEL);
            final Path target = Kekbit.storagePath(copy, CHANNEL);
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        try (Writer resumed = Kekbit.resumeShmWriter(copy, CHANNEL))
        {
            assertThat(resumed.writeOffset()).isEqualTo(48);
            assertThat(resumed.header().writerId()).isEqualTo(1);
            assertThat(resumed.write("three".getBytes(StandardCharsets.UTF_8))).isEqualTo(16);
        }
        try (Reader reader = Kekbit.shmReader(copy, CHANNEL))
        {
            final CrateReaderModel.Outcome outcome = ReadAll.oneByOne(reader);
            assertThat(outcome.records()).extracting(GoldenCase.Rec::position).containsExactly(8L, 24L, 48L);
            assertThat(outcome.terminal()).isEqualTo("Closed");
        }
        assertThatThrownBy(() -> Kekbit.resumeShmWriter(copy, CHANNEL))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.ACCESS_ERROR))
            .hasMessageContaining("already closed").hasMessageContaining("position 64");
    }

    @Test
    void shouldRefuseToResumeACrateFileTooShortForItsDataArea() throws Exception
    {
        final GoldenCase golden = GoldenCase.named("open-writer");
        final Path target = Kekbit.storagePath(root, CHANNEL);
        Files.createDirectories(target.getParent());
        Files.copy(golden.channelFile(), target);
        assertThatThrownBy(() -> Kekbit.resumeShmWriter(root, CHANNEL))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.ACCESS_ERROR))
            .hasMessageContaining("needs at least 17440 bytes for capacity 16384, actual 16544");
        assertThatThrownBy(() -> Kekbit.resumeShmWriter(root, 99))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_FOUND));
    }

    @Test
    void shouldShareASynchronizedWriterBetweenFourProducers() throws Exception
    {
        final int producers = 4;
        final int perProducer = 5_000;
        final ExecutorService executor = Executors.newFixedThreadPool(producers);
        try (Writer shared = Kekbit.synchronizedWriter(
            Kekbit.shmWriter(root, Header.of(1, CHANNEL, 1 << 20, 64, 0, TickUnit.SECS))))
        {
            final CountDownLatch start = new CountDownLatch(1);
            final List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++)
            {
                final int producer = p;
                done.add(CompletableFuture.runAsync(() ->
                {
                    awaitLatch(start);
                    final Claim claim = new Claim();
                    final ByteBuffer src = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < perProducer; i++)
                    {
                        final long value = ((long)producer << 32) | i;
                        if ((i & 1) == 0)
                        {
                            assertThat(shared.write(src.putLong(0, value))).isEqualTo(16);
                        }
                        else
                        {
                            assertThat(shared.tryClaim(8, claim)).isPositive();
                            claim.buffer().putLong(0, value);
                            assertThat(claim.commit()).isEqualTo(16);
                        }
                    }
                }, executor));
            }
            start.countDown();
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            assertThat(shared.recordCount()).isEqualTo(producers * perProducer);
        }
        finally
        {
            executor.shutdownNow();
        }
        final Set<Long> values = new HashSet<>();
        final int[] next = new int[producers];
        try (Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            while (reader.read((buffer, offset, length, position) ->
            {
                assertThat(length).isEqualTo(8);
                final long value = buffer.getLong(offset);
                final int producer = (int)(value >>> 32);
                assertThat((int)value).as("producer %d in order", producer).isEqualTo(next[producer]++);
                assertThat(values.add(value)).as("no duplicate").isTrue();
            }, 1000) > 0)
            {
                // the batch that reaches CLOSE returns its count; the next call returns CLOSED
            }
            assertThat(reader.exhausted()).isEqualTo(ReadError.CLOSED);
        }
        assertThat(values).hasSize(producers * perProducer);
        assertThat(next).containsOnly(perProducer);
    }

    private static void awaitLatch(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -2, -3, -4})
    void shouldNameReadErrors(final long code)
    {
        final ReadError error = ReadError.fromCode(code);
        assertThat(error.code()).isEqualTo(code);
        assertThat(ReadError.errorString(code)).isEqualTo(error.name());
        assertThat(ReadError.fromCode(0)).isNull();
        assertThat(ReadError.errorString(8)).isEqualTo("OK(8)");
    }

    @Test
    void shouldCloseIdempotently()
    {
        try (Writer writer = create())
        {
            final Reader reader = Kekbit.shmReader(root, CHANNEL);
            reader.close();
            reader.close();
        }
    }

    @Test
    void shouldRefuseUseAfterCloseInsteadOfCrashing()
    {
        try (Writer writer = create())
        {
            write(writer, "x");
            final Reader reader = Kekbit.shmReader(root, CHANNEL);
            reader.close();
            assertThatThrownBy(() -> reader.read(collect, 10)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> reader.read(collect, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> reader.moveTo(8)).isInstanceOf(IllegalStateException.class);
            assertThat(seen).isEmpty();
        }
    }

    /**
     * Issue 23's short files (between capacity + 160 and 1024 + capacity + 32 bytes): a length word or record cut by
     * the end of the file is never read as zeros (a heartbeat, or a record padded with zeros). The reader delivers
     * every record the file holds, then ends with FAILED and names the position and the stored length.
     */
    @ParameterizedTest(name = "file cut {0} bytes after the start of the last record")
    @CsvSource({"0", "4", "8", "58", "107"})
    void shouldFailWhereTheEndOfAShortFileCutsALengthWordOrRecord(final int cutAfter) throws Exception
    {
        final long last;
        try (Writer writer = create())
        {
            final byte[] payload = new byte[100];
            long position = 0;
            for (int i = 0; i < 140; i++)
            {
                payload[0] = (byte)i;
                position = writer.writeOffset();
                assertThat(writer.write(payload)).isEqualTo(112);
            }
            last = position;
        }
        assertThat(last).isEqualTo(8 + 139 * 112);
        final Path file = Kekbit.storagePath(root, CHANNEL);
        final long length = 1024 + last + cutAfter;
        assertThat(length).as("still long enough to open, as a crate file").isGreaterThanOrEqualTo(16384 + 160);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(length);
        }
        try (Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            final List<Long> positions = new ArrayList<>();
            long result;
            while ((result = reader.read((b, o, l, p) -> positions.add(p), 7)) > 0)
            {
                // read on
            }
            assertThat(result).isEqualTo(Reader.FAILED);
            assertThat(positions).hasSize(139).last().isEqualTo(last - 112);
            assertThat(reader.position()).isEqualTo(last);
            final String expected = cutAfter < 8 ?
                "the length word at position " + last + " lies past the end of the file (file offset " +
                (1024 + last) + ", stored length " + length + " bytes)" :
                "the record at position " + last + " (100 bytes) ends at file offset " + (1024 + last + 108) +
                ", past the end of the file (stored length " + length + " bytes)";
            assertThat(reader.failureReason()).isEqualTo("channel file " + file + ": " + expected + "; files made " +
                "by the Rust kekbit crate store 864 bytes less than their data area, so the last records a crate " +
                "writer writes cannot be read from the file");
        }
    }
}
