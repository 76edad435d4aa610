/**
 * Process-level tests of kekbit-core: real files, real child JVMs, real signals.
 * <ul>
 * <li>{@code CorruptionFuzzTest}: golden and own channel files, mutated and truncated thousands of times (seed
 * {@code -Dkekbit.fuzz.seed}, count {@code -Dkekbit.fuzz.iterations}); only a {@code ChannelException} at open or
 * records followed by a {@code ReadError}/WATERMARK are acceptable.</li>
 * <li>{@code CrashSafetyTest}: a writer JVM is SIGKILLed at random moments (seed {@code -Dkekbit.crash.seed}, runs
 * {@code -Dkekbit.crash.runs}); readers see a gap-free, intact prefix ending at WATERMARK, then TIMEOUT.</li>
 * <li>{@code CrossProcessTest}: one writer JVM, four reader JVMs, a million records ({@code -Dkekbit.cross.records});
 * every reader's count and CRC32 equal the writer's. Prints the writer's records/s.</li>
 * <li>{@code NoWarningsTest}: JDK 17 and JDK 25 children with no flags: empty stderr, {@code buffer} resp.
 * {@code ffm} memory (the JDKs come from {@code KEKBIT_JDK17} / {@code KEKBIT_JDK25}, see {@code Jdks}).</li>
 * <li>{@code CreateRaceTest} ({@code -Dkekbit.race.rounds}), {@code StaleLockTest}, {@code FullDiskTest}
 * ({@code ulimit -f}), {@code LargeChannelTest} (3 GiB in {@code /dev/shm}), {@code PermissionsTest}.</li>
 * </ul>
 * Children run on the test's own JVM ({@code ProcessHandle.current().info().command()}), so running the suite with
 * surefire's {@code -Djvm=<jdk17>/bin/java} covers the {@code MappedByteBuffer} path:
 * {@code ./mvnw -B -pl kekbit-core surefire:test -Djvm=$KEKBIT_JDK17/bin/java -Dtest='io.kekbit.core.process.*Test'}.
 */
package io.kekbit.core.process;
