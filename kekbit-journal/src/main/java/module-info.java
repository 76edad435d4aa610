/**
 * Rolling journals of kekbit channels: {@code io.kekbit.journal} is the API. It requires {@code io.kekbit.core}
 * transitively, since its writers and readers implement the core's {@code Writer} and {@code Reader}.
 */
module io.kekbit.journal
{
    requires transitive io.kekbit.core;

    exports io.kekbit.journal;
}
