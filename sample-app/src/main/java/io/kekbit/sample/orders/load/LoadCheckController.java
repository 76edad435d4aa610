package io.kekbit.sample.orders.load;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the check of the {@code load} channel: {@code GET /load/summary}. Not in the {@code producer} profile.
 * Thread-safe (the check is).
 */
@RestController
@RequestMapping("/load")
@Profile("!producer")
public final class LoadCheckController
{
    private final LoadCheck check;

    /**
     * Creates the controller.
     *
     * @param check the check the listener feeds.
     */
    public LoadCheckController(final LoadCheck check)
    {
        this.check = check;
    }

    /**
     * What the listener has read since this process started.
     *
     * @return the summary.
     */
    @GetMapping("/summary")
    public LoadSummary summary()
    {
        return check.summary();
    }
}
