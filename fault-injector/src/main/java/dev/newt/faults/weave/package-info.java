/** Weave time: selecting the methods a site names from class files, and inlining the site advice into them. */
package dev.newt.faults.weave;
