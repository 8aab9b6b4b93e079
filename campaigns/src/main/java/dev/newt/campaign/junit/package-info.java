/**
 * Campaigns from Java and JUnit 5: {@link dev.newt.campaign.junit.CampaignBuilder} (the YAML's keys
 * as methods), {@link dev.newt.campaign.junit.NewtCampaigns#run} (the engine as a library),
 * {@link dev.newt.campaign.junit.CampaignTests#experiments} (one dynamic test per experiment for a
 * {@code @TestFactory}) and {@link dev.newt.campaign.junit.ResultAssert} (fluent assertions on
 * results). Needs junit-jupiter-api on the class path (campaigns declares it optional).
 */
package dev.newt.campaign.junit;
