package io.kekbit.sample.orders.load;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drives the {@link LoadGenerator}: {@code POST /load?count=N&rate=R} starts a run of {@code N} checked records at
 * {@code R} records per second (0, the default, for unlimited) and answers 202; {@code GET /load} shows the state.
 * Not in the {@code consumer} profile. Thread-safe (the generator is).
 */
@RestController
@RequestMapping("/load")
@Profile("!consumer")
public final class LoadController
{
    private final LoadGenerator generator;

    /**
     * Creates the controller.
     *
     * @param generator the generator.
     */
    public LoadController(final LoadGenerator generator)
    {
        this.generator = generator;
    }

    /**
     * Starts a run.
     *
     * @param count records to write.
     * @param rate  records per second, 0 for unlimited.
     * @return 202 with the state at the start of the run.
     */
    @PostMapping
    public ResponseEntity<LoadStatus> start(
        @RequestParam("count") final long count, @RequestParam(name = "rate", defaultValue = "0") final long rate)
    {
        return ResponseEntity.accepted().body(generator.start(count, rate));
    }

    /**
     * The generator's state.
     *
     * @return the state.
     */
    @GetMapping
    public LoadStatus status()
    {
        return generator.status();
    }

    /**
     * A count or rate out of range: 400 with the reason.
     *
     * @param ex the validation failure.
     * @return the problem.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ProblemDetail invalid(final IllegalArgumentException ex)
    {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    /**
     * A run is in progress: 409 with its state.
     *
     * @param ex the refusal.
     * @return the problem.
     */
    @ExceptionHandler(IllegalStateException.class)
    public ProblemDetail busy(final IllegalStateException ex)
    {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
    }
}
