/** Decorators for experiments and tests, such as a server that crashes on command. */
package dev.newt.core.testing;
