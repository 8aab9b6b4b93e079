/** A YAML document as a tree of nodes that remember their file, line and column. */
package dev.newt.campaign.yaml;
