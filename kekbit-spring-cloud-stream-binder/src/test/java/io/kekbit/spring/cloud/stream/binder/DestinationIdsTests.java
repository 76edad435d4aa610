package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The destination id rule and the collision check.
 */
class DestinationIdsTests
{
    @TempDir
    Path root;

    @Test
    void shouldDeriveTheCrc32cOfTheName()
    {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("orders".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(DestinationIds.derive("orders")).isEqualTo(crc.getValue()).isBetween(1L, 0xFFFF_FFFFL);
        assertThat(DestinationIds.derive("orders-0")).isNotEqualTo(DestinationIds.derive("orders-1"));
    }

    @Test
    void shouldParseDecimalAndHexIdsAndRefuseOthers()
    {
        assertThat(DestinationIds.parse("p", "1001", 1)).isEqualTo(1001);
        assertThat(DestinationIds.parse("p", "0x3e9", 1)).isEqualTo(1001);
        assertThat(DestinationIds.parse("p", "4294967294", 2)).isEqualTo(4294967294L);
        assertThatThrownBy(() -> DestinationIds.parse("some.channel-id", "0", 1))
            .isInstanceOf(KekbitBinderException.class).hasMessageStartingWith("some.channel-id: '0' is not a journal id");
        assertThatThrownBy(() -> DestinationIds.parse("p", "4294967295", 2))
            .isInstanceOf(KekbitBinderException.class).hasMessageContaining("from 1 to 4294967294");
        assertThatThrownBy(() -> DestinationIds.parse("p", "orders", 1)).isInstanceOf(KekbitBinderException.class);
        assertThat(DestinationIds.parse("p", " 0xFFFF_FFFF ", 1)).isEqualTo(4294967295L);
        for (final String outside : new String[] {"-1", "4294967296", "18446744073709551615", "0x1_0000_0000",
            "18446744073709551616"})
        {
            assertThatThrownBy(() -> DestinationIds.parse("p", outside, 1)).isInstanceOf(KekbitBinderException.class)
                .hasMessageStartingWith("p: '" + outside + "' is not a journal id for 1 partition(s)");
        }
    }

    @Test
    void shouldRefuseASecondNameOnAnId()
    {
        DestinationIds.claim(root, 7, "orders", "first.channel-id");
        DestinationIds.claim(root, 7, "orders", "first.channel-id");
        assertThatThrownBy(() -> DestinationIds.claim(root, 7, "payments", "second.channel-id"))
            .isInstanceOfSatisfying(KekbitBinderException.class, ex ->
            {
                assertThat(ex.getProperty()).isEqualTo("second.channel-id");
                assertThat(ex.getProblem()).contains("destination 'payments' maps to journal id 7")
                    .contains("destination 'orders' already uses");
            });
    }
}
