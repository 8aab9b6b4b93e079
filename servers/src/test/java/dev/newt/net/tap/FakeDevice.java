package dev.newt.net.tap;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An in-memory device: the test puts frames "from the kernel" in and takes what Newt wrote out. */
final class FakeDevice implements FrameDevice {
    final LinkedBlockingQueue<byte[]> fromKernel = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<byte[]> toKernel = new LinkedBlockingQueue<>();
    private final String name;
    private volatile IOException readFailure;
    private volatile boolean closed;

    FakeDevice(final String name) {
        this.name = name;
    }

    /** Makes the next reads fail, as a device that went away. */
    void failReads(final IOException e) {
        readFailure = e;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return 1500;
    }

    @Override
    public byte[] read(final Duration timeout) throws IOException {
        if (readFailure != null) {
            throw readFailure;
        }
        try {
            return closed ? null : fromKernel.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public boolean write(final byte[] frame) {
        return !closed && toKernel.offer(frame);
    }

    @Override
    public void close() {
        closed = true;
    }
}
