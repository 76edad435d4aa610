package io.kekbit.sample.stream;

import io.kekbit.sample.stream.audit.AuditApplication;
import io.kekbit.sample.stream.bench.BridgeThroughput;
import io.kekbit.sample.stream.bridge.BridgeApplication;
import io.kekbit.sample.stream.broker.LocalKafkaBroker;
import io.kekbit.sample.stream.invoicing.InvoicingApplication;

import java.util.Arrays;

/**
 * Main class of the sample's jar: the first argument names the application to run, the others go to it.
 * <pre>{@code
 * java -jar sample-stream.jar invoicing --spring.profiles.active=kekbit
 * java -jar sample-stream.jar audit --spring.profiles.active=kafka
 * java -jar sample-stream.jar bridge
 * java -jar sample-stream.jar broker [port]
 * java -jar sample-stream.jar throughput [records] [payload bytes] [--mode=batch|sync]
 * }</pre>
 */
public final class SampleLauncher
{
    private SampleLauncher()
    {
    }

    /**
     * Runs the named application.
     *
     * @param args the application's name ({@code invoicing}, {@code audit}, {@code bridge}, {@code broker} or
     *             {@code throughput}), then its arguments.
     * @throws Exception what the application throws.
     */
    public static void main(final String[] args) throws Exception
    {
        final String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : new String[0];
        final String name = args.length > 0 ? args[0] : "";
        switch (name)
        {
            case "invoicing" -> InvoicingApplication.main(rest);
            case "audit" -> AuditApplication.main(rest);
            case "bridge" -> BridgeApplication.main(rest);
            case "broker" -> LocalKafkaBroker.main(rest);
            case "throughput" -> BridgeThroughput.main(rest);
            default ->
            {
                System.err.println("usage: java -jar sample-stream.jar invoicing|audit|bridge|broker|throughput " +
                    "[arguments]; got: '" + name + "'");
                System.exit(2);
            }
        }
    }
}
