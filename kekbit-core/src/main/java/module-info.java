/**
 * kekbit channels on memory-mapped files: {@code io.kekbit.core} (create, write, read), {@code io.kekbit.core.idle}
 * (idle strategies) and {@code io.kekbit.core.envelope} (the opt-in record envelope) are the API. The file format
 * ({@code layout}), the mapped channels ({@code shm}) and memory access ({@code internal}) are not API: {@code layout}
 * and {@code internal} are exported only to kekbit's own modules that need them, and {@code shm} not at all.
 * <p>
 * Qualified exports take effect on the module path only; on the class path every public class is reachable, and the
 * package documentation of each internal package says it is not API. Warnings about the friend modules are suppressed
 * because they are compiled after this one.
 */
@SuppressWarnings("module")
module io.kekbit.core
{
    // MappedByteBuffer mappings are released through sun.misc.Unsafe.invokeCleaner on Java 17 to 23.
    requires jdk.unsupported;

    exports io.kekbit.core;
    exports io.kekbit.core.idle;
    exports io.kekbit.core.envelope;

    // Storage paths, record sizes and header offsets, for journals and the command-line tool.
    exports io.kekbit.core.layout to io.kekbit.journal, io.kekbit.cli;
    // Files created with their final permissions and never through a symbolic link, for journal folders and locks;
    // MappingFaults, for the Spring template (an automatic module named after its jar) to report a truncated file.
    exports io.kekbit.core.internal to io.kekbit.journal, kekbit.spring.boot.autoconfigure;
}
