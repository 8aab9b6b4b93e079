/**
 * The fault injector: faults that behave like real bugs, woven with Byte Buddy into the classes of
 * server images and armed at run time. This package is the plan vocabulary (plans, specs, sites,
 * triggers, fault types, their errors) and what a run reports; other modules need it and
 * {@link dev.newt.faults.inject.FaultInjector}.
 *
 * <h2>Packages</h2>
 * Dependencies point down this list only: {@code inject} (entry points) uses {@code weave} (weave
 * time: selecting methods, inlining the advice), which uses {@code arm} (run time: the registry,
 * armed faults, activations and their effects), which uses {@code effect} (value and comparison
 * changes free of fault state); all of them use this package, which uses none of them.
 * {@link dev.newt.faults.InjectedFault} stays here because its name is written into events.
 *
 * <h2>How a site is woven</h2>
 * A {@link dev.newt.faults.FaultPlan} lists {@link dev.newt.faults.FaultSpec}s: a
 * {@link dev.newt.faults.SiteSpec} (server, class, method and descriptor patterns), a
 * {@link dev.newt.faults.FaultType}, a {@link dev.newt.faults.Trigger} and the type's parameters.
 * {@link dev.newt.faults.inject.FaultInjector#weave} reads the image's class files (nothing is loaded),
 * selects the methods each site names, checks that the fault type can act there (a message fault
 * needs an {@code Envelope} or a {@code ServerContext}, wrong-return a value...), gives every
 * (fault, method) pair a site id, and returns the image with a {@link dev.newt.core.image.ClassTransformer}
 * that, as the image's loader defines a class, inlines {@code SiteAdvice} into each selected method
 * with its site id bound as a constant. An optional {@link dev.newt.faults.inject.FaultAgent} does the
 * same for classes the JVM loads from the class path.
 *
 * <h2>How a site is armed</h2>
 * Woven code asks {@link dev.newt.faults.arm.FaultRegistry#armed(int)} on every call: while no site
 * in the JVM is armed, a constant call site the JIT folds away; otherwise a volatile array read,
 * {@code null} at a disarmed site, after which the method runs as before (the argument array is
 * only built on the armed path). {@link dev.newt.faults.inject.FaultInjector#install} puts an
 * armed fault at each of its sites; on each call the fault's trigger counts and decides, and an
 * activation applies the fault at entry or exit and records {@code fault-activated} with the site,
 * the call count and the concrete effect. Disarming swaps the entry back to {@code null}: no class
 * is ever reloaded, and a restart, which makes a new server object of the same woven class, finds
 * its persistent faults still armed.
 *
 * <h2>Events</h2>
 * {@code fault-armed}, {@code fault-activated}, {@code fault-disarmed},
 * {@code fault-not-activated} (at {@link dev.newt.faults.inject.FaultInjector#finish}) and, from the
 * agent, {@code fault-weaving-failed}: {@link dev.newt.core.event.CustomEvent}s in the runtime's
 * event log. Events from a handler go through its context; an activation during a
 * checkpoint+replay goes straight to the log, since a replaying context drops what it emits.
 */
package dev.newt.faults;
