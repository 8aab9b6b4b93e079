/** Run time: the registry woven code calls, armed faults and sites, activations and the effects they apply. */
package dev.newt.faults.arm;
