/** Problems found in a campaign file, each with its file, line, column, key path and a suggestion. */
package dev.newt.campaign.validate;
