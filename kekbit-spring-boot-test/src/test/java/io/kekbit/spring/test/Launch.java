package io.kekbit.spring.test;

import java.util.ArrayList;
import java.util.List;

import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs fixture test classes with the JUnit Platform launcher, in this JVM (so they share the Spring TestContext
 * framework's context cache, as the test classes of one build do), and reports what passed and why the rest failed.
 * Fixture classes only run while {@link #FIXTURES} is {@code true}, so a build or an IDE that finds them on its own
 * skips them.
 *
 * @param succeeded tests that passed.
 * @param failures  one line per failed test: its name and the messages of the exception and its causes.
 */
public record Launch(long succeeded, List<String> failures)
{
    /** System property that enables the fixture classes. */
    public static final String FIXTURES = "kekbit.test.fixtures";

    /**
     * Runs the classes one after the other, in one launcher request each.
     *
     * @param classes fixture classes.
     * @return what passed and failed in all of them.
     */
    public static Launch run(final Class<?>... classes)
    {
        long succeeded = 0;
        final List<String> failures = new ArrayList<>();
        System.setProperty(FIXTURES, "true");
        try
        {
            for (final Class<?> fixture : classes)
            {
                final LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(fixture)).build();
                final SummaryGeneratingListener listener = new SummaryGeneratingListener();
                LauncherFactory.create().execute(request, listener);
                final TestExecutionSummary summary = listener.getSummary();
                succeeded += summary.getTestsSucceededCount();
                for (final TestExecutionSummary.Failure failure : summary.getFailures())
                {
                    final StringBuilder line = new StringBuilder(failure.getTestIdentifier().getDisplayName());
                    for (Throwable ex = failure.getException(); ex != null; ex = ex.getCause())
                    {
                        line.append(" <- ").append(ex.getClass().getSimpleName()).append(": ").append(ex.getMessage());
                    }
                    failures.add(line.toString());
                }
                if (summary.getTestsSkippedCount() > 0 || summary.getContainersFailedCount() > 0 &&
                    summary.getFailures().isEmpty())
                {
                    failures.add(fixture.getSimpleName() + ": " + summary.getTestsSkippedCount() + " skipped, " +
                        summary.getContainersFailedCount() + " containers failed");
                }
            }
        }
        finally
        {
            System.clearProperty(FIXTURES);
        }
        return new Launch(succeeded, failures);
    }
}
