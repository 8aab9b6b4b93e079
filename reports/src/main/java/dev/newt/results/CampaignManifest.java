package dev.newt.results;

/**
 * {@code campaign.json}: who ran what, where, and how to run it again.
 *
 * @param name        campaign name
 * @param seed        campaign seed
 * @param executor    {@code simulated} or {@code threaded}
 * @param file        campaign file as given
 * @param fileSha256  hash of the campaign file's bytes
 * @param gitCommit   commit of the Newt build, or {@code unknown}
 * @param newtVersion Newt version
 * @param jvm         {@code java.vm.name} and {@code java.version}
 * @param machine     OS, architecture and processor count
 * @param startedAt   ISO-8601 instant the campaign started
 * @param command     the command line that reproduces the run
 * @param experiments number of experiments in this directory's slice, the golden run excluded
 * @param shardIndex  this slice's index, from 0 (0 when unsharded)
 * @param shardCount  number of slices (1 when unsharded)
 */
public record CampaignManifest(String name, long seed, String executor, String file, String fileSha256,
                               String gitCommit, String newtVersion, String jvm, String machine,
                               String startedAt, String command, int experiments,
                               int shardIndex, int shardCount) {
}
