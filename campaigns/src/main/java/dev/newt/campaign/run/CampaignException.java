package dev.newt.campaign.run;

/** A campaign cannot run, resume or merge as asked: the message says why and what to do. */
public final class CampaignException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong */
    public CampaignException(final String message) {
        super(message);
    }
}
