/** Changes free of fault state: corrupting object graphs, changing single values, flipping a comparison. */
package dev.newt.faults.effect;
