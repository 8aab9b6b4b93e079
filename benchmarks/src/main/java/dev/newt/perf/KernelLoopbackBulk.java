package dev.newt.perf;

import dev.newt.net.workload.StreamPattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The anchor of the stack suite: the same bulk transfer through the Linux kernel's loopback TCP
 * with {@code java.nio}, with the same chunk sizes and the same per-byte pattern check as Newt's
 * bulk workload, so that the two differ only in the stack that carries the bytes.
 */
final class KernelLoopbackBulk {
    private static final int CHUNK = 16 * 1024;
    private static final int RECEIVE = 64 * 1024;

    private KernelLoopbackBulk() {
    }

    /**
     * Sends {@code bytes} of the seeded pattern from one thread to another over 127.0.0.1.
     *
     * @param bytes how many bytes
     * @param seed  the pattern seed
     * @return the transfer, timed from connect to the last byte checked
     */
    static BulkRun run(final long bytes, final long seed) {
        final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "kernel-bulk-sender");
            t.setDaemon(true);
            return t;
        });
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final InetSocketAddress where = (InetSocketAddress) listener.getLocalAddress();
            final long start = System.nanoTime();
            final Future<?> sending = sender.submit(() -> send(where, bytes, seed));
            final long corrupted;
            try (SocketChannel in = listener.accept()) {
                corrupted = receive(in, bytes, seed);
            }
            final long nanos = System.nanoTime() - start;
            sending.get(60, TimeUnit.SECONDS);
            return new BulkRun("kernel", bytes, nanos, corrupted == 0, corrupted + " bytes lost or wrong");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("kernel loopback sender failed", e);
        } finally {
            sender.shutdownNow();
        }
    }

    private static Void send(final InetSocketAddress to, final long bytes, final long seed) throws IOException {
        try (SocketChannel out = SocketChannel.open(to)) {
            final byte[] chunk = new byte[CHUNK];
            final ByteBuffer buf = ByteBuffer.wrap(chunk);
            for (long off = 0; off < bytes; off += CHUNK) {
                final int n = (int) Math.min(CHUNK, bytes - off);
                StreamPattern.fill(seed, off, chunk, 0, n);
                buf.clear().limit(n);
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
            }
        }
        return null;
    }

    private static long receive(final SocketChannel in, final long bytes, final long seed) throws IOException {
        final byte[] data = new byte[RECEIVE];
        final ByteBuffer buf = ByteBuffer.wrap(data);
        long received = 0;
        long corrupted = 0;
        while (received < bytes) {
            buf.clear();
            final int n = in.read(buf);
            if (n < 0) {
                break;
            }
            corrupted += StreamPattern.mismatches(seed, received, data, 0, n);
            received += n;
        }
        return corrupted + (bytes - received);
    }
}
