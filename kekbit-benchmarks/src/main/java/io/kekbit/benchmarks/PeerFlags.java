package io.kekbit.benchmarks;

import java.util.List;

/**
 * JVM flags the peers need (Chronicle Queue, Aeron, Agrona reach into JDK internals). They go only into the peers'
 * forked JVMs, never into kekbit's, which needs none. Constants, so JMH {@code @Fork(jvmArgsAppend)} can use them.
 * Thread-safe (constants only).
 */
public final class PeerFlags
{
    /** Agrona and Aeron: {@code jdk.internal.misc} for Unsafe-based buffers. */
    public static final String OPEN_MISC = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Agrona, Aeron and Chronicle: direct buffer internals. */
    public static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** Chronicle: file channel internals. */
    public static final String OPEN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle: reflection into java.lang. */
    public static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** Chronicle: reflection into java.lang.reflect. */
    public static final String OPEN_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Chronicle: reflection into java.io. */
    public static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    /** Chronicle: reflection into java.util. */
    public static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    /** Chronicle: cleaner references. */
    public static final String EXPORT_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** Chronicle and Aeron: {@code sun.nio.ch} exports. */
    public static final String EXPORT_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle and Agrona: {@code jdk.internal.misc} exports. */
    public static final String EXPORT_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Chronicle: no usage analytics from benchmark runs. */
    public static final String CHRONICLE_NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** Chronicle: no "resources not closed" tracing overhead. */
    public static final String CHRONICLE_NO_RESOURCE_TRACING = "-Djvm.resource.tracing=false";

    private PeerFlags()
    {
    }

    /**
     * Flags for one transport's forked JVM.
     *
     * @param transport a transport name from {@link io.kekbit.benchmarks.latency.Transport#NAMES}.
     * @return the flags; empty for kekbit and the cache-line floor.
     */
    public static List<String> forTransport(final String transport)
    {
        switch (transport)
        {
            case "agrona":
            case "aeron":
                return List.of(OPEN_MISC, EXPORT_MISC, OPEN_NIO, EXPORT_NIO_CH);
            case "chronicle":
                return List.of(OPEN_MISC, EXPORT_MISC, OPEN_NIO, OPEN_NIO_CH, EXPORT_NIO_CH, OPEN_LANG, OPEN_REFLECT,
                    OPEN_IO, OPEN_UTIL, EXPORT_REF, CHRONICLE_NO_ANALYTICS, CHRONICLE_NO_RESOURCE_TRACING);
            default:
                return List.of();
        }
    }
}
