/**
 * Shrinking a failing schedule to a minimal one that fails the same way ({@link
 * dev.newt.campaign.shrink.Shrinker}), and writing it as a campaign file that replays it ({@link
 * dev.newt.campaign.shrink.ReplayFile}); {@link dev.newt.campaign.shrink.Shrinking} does it for
 * {@code newt shrink DIR ID} and at the end of a search.
 */
package dev.newt.campaign.shrink;
