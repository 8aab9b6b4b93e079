package dev.newt.campaign.run;

/**
 * A run cut short because the harness itself is stopping (Ctrl-C, a kill of {@code newt run}, an
 * interrupt): not a result of the experiment, so it is not written, and {@code --resume} runs the
 * experiment again.
 */
final class HarnessStopping extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HarnessStopping(final String why) {
        super(why);
    }
}
