package dev.newt.net.tap;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.PacketBuffer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kernel's end of a wire: a {@link TapDevice} (or any {@link FrameDevice}) attached to a
 * runtime as the endpoint {@code tap.<device>}, which one {@link dev.newt.net.link.WireServer}
 * joins to a host's nic, so that a Newt host and the Linux kernel exchange Ethernet frames. The wire is Newt's side of the
 * link: its MTU, impairments (loss, duplication, reordering, corruption) and pcap capture apply
 * to the frames in both directions, as between two Newt hosts.
 *
 * <p>Two daemon threads move the frames, so no server's thread ever waits on the device:
 * <ul>
 *   <li>the reader ({@code newt-tap-<device>-rx}) reads a frame (waiting with a bounded poll only
 *       when none is queued) and sends it to the wire as the endpoint; a frame shorter than an Ethernet header is dropped
 *       {@code TRUNCATED}, one the wire's full mailbox refuses {@code NO_BUFFER_SPACE};</li>
 *   <li>the writer ({@code newt-tap-<device>-tx}) takes what the wire delivers to the endpoint
 *       and writes the frame's view straight to the device, with no copy out of it first (a full
 *       kernel queue drops it {@code NO_BUFFER_SPACE}); it
 *       answers a {@link StatsQuery} with the link's counters, as a server would.</li>
 * </ul>
 * A reader that fails (the device went away) stops and keeps the error ({@link #failure()}).
 *
 * <p>{@link #close()} stops both threads within a bound and then closes the device; close it
 * before the runtime so that no thread of the link outlives it ({@link TapHost} does).
 */
public final class TapLink implements AutoCloseable {
    /** The prefix of the endpoint's name: {@code tap.<device>}. */
    public static final String PREFIX = "tap.";
    /** How long a thread waits for work before it looks at the stop flag again. */
    static final Duration POLL = Duration.ofMillis(50);
    private static final long JOIN_MILLIS = 2_000;

    private final FrameDevice device;
    private final NewtClient port;
    private final String wire;
    private final TapCounters counters = new TapCounters();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> unstopped = new ArrayList<>();
    private volatile boolean running = true;
    private boolean closed;

    private TapLink(final FrameDevice device, final NewtClient port, final String wire) {
        this.device = device;
        this.port = port;
        this.wire = wire;
    }

    /**
     * @param device a device name
     * @return the name of the endpoint a link on that device registers, {@code tap.<device>}
     */
    public static String endpoint(final String device) {
        return PREFIX + device;
    }

    /**
     * Registers the endpoint {@code tap.<device>} with the runtime and starts moving frames between
     * the device and {@code wire}. Call it before the runtime starts: the wire delivers to the
     * endpoint from its first frame. The link owns the device from now on.
     *
     * @param runtime a runtime, built and not closed, on a threaded or pooled executor
     * @param device  an open device
     * @param wire    the wire whose far end is {@code tap.<device>}
     * @return the running link
     * @throws IllegalArgumentException if the runtime already has an endpoint of that name
     */
    public static TapLink attach(final NewtRuntime runtime, final FrameDevice device, final String wire) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(wire, "wire");
        if (runtime.simulated()) {
            throw new IllegalArgumentException("tap '" + device.name()
                + "': a TAP device runs in real time; use a threaded or pooled executor, not the simulated one");
        }
        final TapLink link = new TapLink(device, runtime.client(endpoint(device.name())), wire);
        link.start("rx", link::readLoop);
        link.start("tx", link::writeLoop);
        return link;
    }

    private void start(final String role, final Runnable loop) {
        final Thread t = new Thread(loop, "newt-tap-" + device.name() + "-" + role);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void readLoop() {
        while (running) {
            final byte[] frame;
            try {
                frame = device.read(POLL);
            } catch (IOException e) {
                failure.compareAndSet(null, e);
                return;
            }
            if (frame == null) {
                continue;
            }
            if (frame.length < EthernetFrame.HEADER_LENGTH) {
                counters.rxDropped(DropReason.TRUNCATED);
            } else if (port.send(wire, new Frame(frame))) {
                counters.received(frame.length);
            } else {
                counters.rxDropped(DropReason.NO_BUFFER_SPACE);
            }
        }
    }

    private void writeLoop() {
        while (running) {
            final Envelope e;
            try {
                e = port.poll(POLL);
            } catch (InterruptedException interrupted) {
                return;
            }
            if (e != null) {
                handle(e);
            }
        }
    }

    private void handle(final Envelope e) {
        if (e.payload() instanceof Frame f && f.buffer() != null && e.from().equals(wire)) {
            try {
                // The kernel's boundary: the device copies the view's range straight to the kernel
                // (the array is immutable by the buffer discipline, so no copy of it first).
                final PacketBuffer b = f.buffer().verify();
                if (device.write(b.array(), b.offset(), b.length())) {
                    counters.sent(b.length());
                } else {
                    counters.txDropped(DropReason.NO_BUFFER_SPACE);
                }
            } catch (IOException ex) {
                counters.txError();
                failure.compareAndSet(null, ex);
            }
        } else if (e.payload() instanceof StatsQuery && e.isRequest()) {
            port.reply(e, stats());
        } else {
            counters.unexpectedMessage();
        }
    }

    /** @return the name of this link's endpoint */
    public String endpoint() {
        return port.name();
    }

    /** @return the wire this link is the far end of */
    public String wire() {
        return wire;
    }

    /** @return the device */
    public FrameDevice device() {
        return device;
    }

    /** @return the link's counters now (see {@link TapLink} for their names) */
    public Stats stats() {
        return counters.snapshot(port.name());
    }

    /** @return the first error of the device, if it failed */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** @return the names of the link's threads that did not stop when it closed (none, normally) */
    public synchronized List<String> unstoppedThreads() {
        return List.copyOf(unstopped);
    }

    /**
     * Stops the reader and the writer (each notices within {@link #POLL}; a thread still alive
     * after a bounded join is interrupted, joined again and reported by {@link #unstoppedThreads()}),
     * then closes the device. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        for (final Thread t : threads) {
            if (!join(t)) {
                t.interrupt();
                if (!join(t)) {
                    unstopped.add(t.getName());
                }
            }
        }
        device.close();
    }

    private static boolean join(final Thread t) {
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    @Override
    public String toString() {
        return "TapLink[" + port.name() + " <-> " + wire + "]";
    }
}
