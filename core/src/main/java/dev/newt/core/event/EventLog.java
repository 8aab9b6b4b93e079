package dev.newt.core.event;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The runtime's event log: kept in memory in the order recorded and, when given a file, written
 * to it as JSON lines flushed line by line, so that a killed run keeps what it recorded.
 * Thread-safe. Events are rare next to messages (lifecycle, faults, metrics per time bin), so
 * one lock is enough.
 */
public final class EventLog implements AutoCloseable {
    private final List<Event> events = new ArrayList<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final BufferedWriter out;

    /** An event log kept in memory only. */
    public EventLog() {
        this.out = null;
    }

    /**
     * @param file JSON lines file to write, created or truncated
     */
    public EventLog(final Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create event log " + file, e);
        }
    }

    /**
     * Appends an event and tells the listeners, on the caller's thread.
     *
     * @param event to record
     */
    public void record(final Event event) {
        Objects.requireNonNull(event, "event");
        synchronized (this) {
            events.add(event);
            if (out != null) {
                try {
                    out.write(EventJson.toLine(event));
                    out.newLine();
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write event log", e);
                }
            }
            notifyAll();
        }
        for (Consumer<Event> l : listeners) {
            l.accept(event);
        }
    }

    /**
     * @param listener called with every event recorded from now on, on the recording thread; it
     *                 must be quick and must not record events itself
     */
    public void subscribe(final Consumer<Event> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @return a copy of the events so far */
    public synchronized List<Event> snapshot() {
        return List.copyOf(events);
    }

    /** @param type event class @param <T> event type @return the events of that type so far */
    public synchronized <T extends Event> List<T> ofType(final Class<T> type) {
        final List<T> found = new ArrayList<>();
        for (Event e : events) {
            if (type.isInstance(e)) {
                found.add(type.cast(e));
            }
        }
        return found;
    }

    /**
     * Waits until an event matching {@code condition} has been recorded (including before the call).
     *
     * @param condition what to wait for
     * @param timeout   the longest wait
     * @return the first matching event
     * @throws TimeoutException     if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized Event await(final Predicate<Event> condition, final Duration timeout)
        throws TimeoutException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < events.size(); checked++) {
                if (condition.test(events.get(checked))) {
                    return events.get(checked);
                }
            }
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no matching event within " + timeout + "; last events: "
                    + events.subList(Math.max(0, events.size() - 5), events.size()));
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }

    /** @return all events as JSON lines, each ending in a newline */
    public synchronized String toJsonLines() {
        final StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            sb.append(EventJson.toLine(e)).append('\n');
        }
        return sb.toString();
    }

    /** @return the SHA-256 of {@link #toJsonLines()}, in hex: equal logs give equal hashes */
    public String sha256() {
        try {
            final MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(toJsonLines().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close event log", e);
            }
        }
    }
}
