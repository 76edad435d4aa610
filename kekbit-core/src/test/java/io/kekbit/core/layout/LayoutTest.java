package io.kekbit.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The descriptors against the numbers of docs/format.md: storage paths (section 2), file sizes (section 4), header
 * offsets (section 3), record sizes and markers (section 5).
 */
class LayoutTest
{
    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource({
        "000000000000002a, 0000_0000, 0000_002a",
        "0001000200030004, 0001_0002, 0003_0004",
        "aaaabbbbccccdddd, aaaa_bbbb, cccc_dddd",
        "0000bbbbcccc0001, 0000_bbbb, cccc_0001",
        "0000000000000000, 0000_0000, 0000_0000",
        "ffffffffffffffff, ffff_ffff, ffff_ffff"
    })
    void shouldNameStorageAsTheCrateDoes(final String hex, final String folder, final String stem)
    {
        final long channelId = Long.parseUnsignedLong(hex, 16);
        final Path root = Path.of("/r");
        assertThat(StorageDescriptor.folderName(channelId)).isEqualTo(folder);
        assertThat(StorageDescriptor.fileStem(channelId)).isEqualTo(stem);
        assertThat(StorageDescriptor.channelPath(root, channelId)).isEqualTo(Path.of("/r", folder, stem + ".kekbit"));
        assertThat(StorageDescriptor.lockPath(root, channelId)).isEqualTo(Path.of("/r", folder, stem + ".lock"));
        assertThat(StorageDescriptor.positionPath(root, channelId, "audit"))
            .isEqualTo(Path.of("/r", folder, stem + ".audit.position"));
        assertThat(StorageDescriptor.parseChannelId(folder, stem + ".kekbit")).isEqualTo(channelId);
    }

    @ParameterizedTest
    @CsvSource({
        "0000_0000, 0000_002a.lock",
        "0000_0000, 0000_002A.kekbit",
        "0000-0000, 0000_002a.kekbit",
        "0000_000, 0000_002a.kekbit",
        "0000_0000, 0000_002a.audit.position",
        "+000_0000, 0000_002a.kekbit",
        "0000_0000, .kekbit"
    })
    void shouldNotParseOtherNames(final String folder, final String file)
    {
        assertThat(StorageDescriptor.parseChannelId(folder, file)).isNull();
    }

    @Test
    void shouldCheckReaderNames()
    {
        assertThat(StorageDescriptor.checkReaderName("Az09_-")).isEqualTo("Az09_-");
        assertThatIllegalArgumentException().isThrownBy(() -> StorageDescriptor.checkReaderName("../x"))
            .withMessage("invalid reader name (allowed: 1-64 characters of A-Z a-z 0-9 _ -): name=../x");
    }

    @ParameterizedTest(name = "capacity {0}: ours {1}, crate {2}")
    @CsvSource({
        "16384, 17440, 16544",
        "65536, 66592, 65696",
        "4294967288, 4294968344, 152"
    })
    void shouldComputeFileLengths(final long capacity, final long ours, final long crate)
    {
        assertThat(ChannelHeaderDescriptor.fileLength(capacity)).isEqualTo(ours);
        assertThat(ChannelHeaderDescriptor.rustFileLength(capacity)).as("u32 arithmetic").isEqualTo(crate);
        if (capacity < 0xFFFF_FF00L)
        {
            assertThat(ours - crate).as("864 bytes of data area and our 32-byte trailer").isEqualTo(864 + 32);
        }
    }

    @Test
    void shouldPlaceHeaderFieldsAtTheFormatOffsets()
    {
        assertThat(ChannelHeaderDescriptor.SIGNATURE_OFFSET).isZero();
        assertThat(ChannelHeaderDescriptor.VERSION_OFFSET).isEqualTo(8);
        assertThat(ChannelHeaderDescriptor.WRITER_ID_OFFSET).isEqualTo(16);
        assertThat(ChannelHeaderDescriptor.CHANNEL_ID_OFFSET).isEqualTo(24);
        assertThat(ChannelHeaderDescriptor.CAPACITY_OFFSET).isEqualTo(32);
        assertThat(ChannelHeaderDescriptor.MAX_MSG_LEN_OFFSET).isEqualTo(36);
        assertThat(ChannelHeaderDescriptor.TIMEOUT_OFFSET).isEqualTo(40);
        assertThat(ChannelHeaderDescriptor.CREATION_TIME_OFFSET).isEqualTo(48);
        assertThat(ChannelHeaderDescriptor.TICK_UNIT_OFFSET).isEqualTo(56);
        assertThat(ChannelHeaderDescriptor.HEADER_LENGTH).isEqualTo(128);
        assertThat(ChannelHeaderDescriptor.DATA_OFFSET).isEqualTo(1024);
        assertThat(ChannelHeaderDescriptor.SIGNATURE).isEqualTo(0x2A54_4942_4B45_4B2AL);
        assertThat(ChannelHeaderDescriptor.VERSION_1_0_0).isEqualTo(0x0001_0000_0000_0000L);
        assertThat(ChannelHeaderDescriptor.MIN_CAPACITY).isEqualTo(16384);
        assertThat(ChannelHeaderDescriptor.versionString(0x0001_0002_0000_0003L)).isEqualTo("1.2.3");
        assertThat(ChannelHeaderDescriptor.maxMessageLengthCeiling(16384)).isEqualTo(120);
        assertThat(ChannelHeaderDescriptor.maxMessageLengthCeiling(65536)).isEqualTo(504);
        assertThat(ChannelHeaderDescriptor.maxMessageLengthCeiling(17000)).isEqualTo(128);
    }

    @ParameterizedTest(name = "payload {0} -> record {1}")
    @CsvSource({"0, 8", "1, 16", "8, 16", "9, 24", "16, 24", "100, 112", "256, 264", "312, 320"})
    void shouldSizeRecordsAsTheFormatSays(final long length, final long size)
    {
        assertThat(RecordDescriptor.recordSize(length)).isEqualTo(size);
        assertThat(RecordDescriptor.isAligned(size)).isTrue();
    }

    @Test
    void shouldDefineTheMarkers()
    {
        assertThat(RecordDescriptor.WATERMARK).isEqualTo(0xFFFF_FFFF_1111_1111L);
        assertThat(RecordDescriptor.CLOSE).isEqualTo(-1L);
        assertThat(RecordDescriptor.HEARTBEAT).isZero();
        assertThat(RecordDescriptor.LENGTH_WORD).isEqualTo(8);
        assertThat(RecordDescriptor.align(0)).isZero();
        assertThat(RecordDescriptor.align(1)).isEqualTo(8);
        assertThat(RecordDescriptor.align(8)).isEqualTo(8);
        assertThat(RecordDescriptor.isAligned(4)).isFalse();
    }
}
