package io.kekbit.cli;

import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code ROOT CHANNEL_ID [--journal]} arguments shared by {@code dump} and {@code tail}, declared once and added
 * to each command as a picocli {@code @Mixin}. With {@code --journal}, {@code CHANNEL_ID} is a journal id. Not
 * thread-safe (one instance per invocation).
 */
final class ChannelTarget
{
    /** Largest journal id: journal ids are unsigned 32-bit values. */
    static final long MAX_JOURNAL_ID = 0xFFFF_FFFFL;
    /** The journal id range, as error messages state it. */
    static final String JOURNAL_ID_RANGE =
        "1..4294967295 or 0xffffffff; 0 is reserved: its folder holds the ordinary channels";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Parameters(index = "0", paramLabel = "ROOT", description = "Root folder of the channels.")
    private Path root;

    @Parameters(index = "1", paramLabel = "CHANNEL_ID", converter = Values.IdConverter.class,
        description = "Channel id, decimal or 0x hex; with --journal, a journal id (1..4294967295).")
    private long id;

    @Option(names = "--journal", description = "Read the rolling journal CHANNEL_ID across all its segments. " +
        "Positions are then SEGMENT:OFFSET.")
    private boolean journal;

    @Option(names = "--envelope", description = "The records carry the kekbit envelope (headers + body): print " +
        "each record's headers and body; a record that is not a valid envelope is printed raw with the reason. " +
        "Without it, records that start with the envelope magic are shown with their headers as a guess.")
    private boolean envelope;

    /**
     * The root folder.
     *
     * @return the path given on the command line.
     */
    Path root()
    {
        return root;
    }

    /**
     * The channel id (without {@code --journal}).
     *
     * @return the id as a Java long (ids above 2^63 - 1 are negative).
     */
    long channelId()
    {
        return id;
    }

    /**
     * Whether {@code --journal} was given.
     *
     * @return true for a journal.
     */
    boolean isJournal()
    {
        return journal;
    }

    /**
     * Whether {@code --envelope} was given.
     *
     * @return true when the records are said to be enveloped.
     */
    boolean isEnvelope()
    {
        return envelope;
    }

    /**
     * The journal id (with {@code --journal}).
     *
     * @return the id as an int (ids above 2^31 - 1 are negative).
     * @throws ParameterException when the id is 0 or above 4294967295.
     */
    int journalId()
    {
        if (!isJournalId(id))
        {
            throw new ParameterException(mixee.commandLine(), "Invalid value for positional parameter " +
                "'CHANNEL_ID': journal id " + Long.toUnsignedString(id) + " is out of range (with --journal it is " +
                JOURNAL_ID_RANGE + ")");
        }
        return (int)id;
    }

    /**
     * Whether an id is a journal id: 1 to 4294967295 (kekbit-journal refuses 0).
     *
     * @param id the id as parsed, unsigned.
     * @return true when it is in range.
     */
    static boolean isJournalId(final long id)
    {
        return id != 0 && Long.compareUnsigned(id, MAX_JOURNAL_ID) <= 0;
    }
}
