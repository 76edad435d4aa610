package io.kekbit.spring.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.Kekbit;
import io.kekbit.spring.autoconfigure.KekbitProperties;
import io.kekbit.spring.listener.KekbitListener;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * The application the test-support tests start: a channel writer "orders" (channel 1, on-existing: fail, the
 * default), a rolling journal writer "audit" (journal 2) and a listener on "orders", all under
 * {@code kekbit.root-path}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@PropertySource("classpath:kekbit-fixture.properties")
public class FixtureApplication
{
    /** Channel id of the "orders" writer. */
    public static final long ORDERS_CHANNEL = 1;

    /** Whether the "orders" channel file still existed when each context destroyed its beans, in close order. */
    public static final List<Boolean> CHANNEL_FILE_AT_DESTROY = new CopyOnWriteArrayList<>();

    @Bean
    OrdersListener ordersListener()
    {
        return new OrdersListener();
    }

    @Bean
    RootWatcher rootWatcher(final KekbitProperties properties)
    {
        return new RootWatcher(properties.getRootPath());
    }

    /** Collects what the listener received. */
    public static final class OrdersListener
    {
        /** Payloads received, in order. */
        public final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "fixture-orders")
        void onOrder(final String order)
        {
            received.add(order);
        }
    }

    /** Records, when the context destroys its beans, whether the channel file is still there. */
    static final class RootWatcher implements DisposableBean
    {
        private final Path root;

        RootWatcher(final Path root)
        {
            this.root = root;
        }

        @Override
        public void destroy()
        {
            CHANNEL_FILE_AT_DESTROY.add(Files.exists(Kekbit.storagePath(root, ORDERS_CHANNEL)));
        }
    }
}
