/**
 * Server images: the class-loading layer that live update and fault weaving share.
 *
 * <p>The rule: the parent loader holds the JDK, core and the types servers exchange (their message
 * "ABI") and configuration; a {@link dev.newt.core.image.ServerImage} holds one implementation of
 * a server, its state classes included, loaded child-first by its own
 * {@link dev.newt.core.image.ImageClassLoader}, one per image instance. Messages therefore cross
 * between images as shared parent types, while state never crosses a version boundary as objects:
 * the runtime restores it from its encoded checkpoint (CBOR) as the image's own state class
 * ({@link dev.newt.core.server.ServerSpec#stateType()}), which {@link dev.newt.core.image.ImageSpecs}
 * sets. Every class of an image passes through the image's
 * {@link dev.newt.core.image.ClassTransformer} when defined: the fault injector weaves there.
 * Classes inside an image may use each other's package-private members, since one loader defines
 * a whole package; code outside must talk to them through core interfaces and messages only.
 */
package dev.newt.core.image;
