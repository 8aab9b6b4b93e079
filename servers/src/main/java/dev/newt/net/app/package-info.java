/**
 * Applications over stream sockets: an echo server ({@link dev.newt.net.app.EchoServer}), a small
 * HTTP/1.1 file server ({@link dev.newt.net.app.HttpFileServer}: GET, Content-Length, keep-alive),
 * a self-checking HTTP client workload ({@link dev.newt.net.app.HttpFetch}) and a blocking HTTP
 * client for application threads ({@link dev.newt.net.app.NewtHttpClient}).
 *
 * <p>The servers and the workload are {@link dev.newt.core.server.Server}s talking to their host's
 * sock with the {@code Stream*} requests, so they run deterministically on the simulated executor
 * and recover like any server (their state is checkpointed).
 */
package dev.newt.net.app;
