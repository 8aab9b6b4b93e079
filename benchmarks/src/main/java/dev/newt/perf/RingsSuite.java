package dev.newt.perf;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.api.NewtServerSocket;
import dev.newt.net.api.NewtSocket;
import dev.newt.net.api.SocketKind;
import dev.newt.net.topology.Topology;
import dev.newt.net.wire.Ipv4Address;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * Exposed socket buffers (issue 22) against per-call sockets, through {@link NewtSocket} between
 * two hosts (the stack suite's large-MTU wire), in interleaved rounds: bulk from a to b at
 * saturation (8 KiB writes and reads as fast as they go) and at low load (one 8 KiB write every
 * {@link #PACE}), and rpc (100-byte requests and answers) one at a time (low load) and
 * {@link #PIPELINE} in flight (saturation: in batches, the client writing {@link #PIPELINE} requests
 * and then reading their answers; and in a window, a new request written as each answer is read,
 * so the stacks are never idle between batches). For each: throughput or time per request, messages
 * between the applications and sock per MB or per request (both ends, a request and its answer
 * counting two), and the share of the applications' reads and writes that needed no message.
 */
final class RingsSuite {
    private static final int OP = 8 * 1024;
    private static final int RPC = 100;
    private static final int PIPELINE = 16;
    private static final Duration PACE = Duration.ofMillis(1);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PORT = 5001;
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private RingsSuite() {
    }

    /** What one run of one kind measured. */
    record Run(double rate, double messagesPerUnit, double noMessageShare) {
    }

    /**
     * @param bytes    bytes of a saturating bulk transfer (the paced one moves a 16th of it)
     * @param requests rpc requests per run
     * @param rounds   measured rounds
     * @param executor the executor Newt runs on
     * @param progress where a line per run goes
     * @return the figures
     */
    static List<Figure> run(final long bytes, final int requests, final int rounds,
                            final UnaryOperator<NewtRuntime.Builder> executor, final PrintStream progress) {
        final Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (int r = -1; r < rounds; r++) {
            for (SocketKind kind : SocketKind.values()) {
                final String k = kind == SocketKind.RING ? "ring" : "per-call";
                record(runs, r, progress, k + " bulk saturated", "MB/s", "msgs/MB",
                    bulk(kind, bytes, Duration.ZERO, executor));
                record(runs, r, progress, k + " bulk low load", "MB/s", "msgs/MB",
                    bulk(kind, Math.max(OP, bytes / 16), PACE, executor));
                record(runs, r, progress, k + " rpc saturated", "us/req", "msgs/req",
                    rpc(kind, requests * 4, PIPELINE, false, executor));
                record(runs, r, progress, k + " rpc windowed", "us/req", "msgs/req",
                    rpc(kind, requests * 4, PIPELINE, true, executor));
                record(runs, r, progress, k + " rpc low load", "us/req", "msgs/req", rpc(kind, requests, 1, false, executor));
            }
        }
        final List<Figure> out = new ArrayList<>();
        runs.forEach((name, list) -> {
            final String unit = name.contains("bulk") ? "MB/s" : "us/req";
            final String per = name.contains("bulk") ? "messages per MB" : "messages per request";
            final boolean ringSaturated = name.equals("ring bulk saturated") || name.equals("ring rpc saturated")
                || name.equals("ring rpc windowed");
            out.add(Figure.of("rings", name, list.stream().mapToDouble(Run::rate).toArray(), unit, ""));
            out.add(Figure.of("rings", name + ": " + per, list.stream().mapToDouble(Run::messagesPerUnit).toArray(),
                "msgs", ""));
            out.add(Figure.of("rings", name + ": operations without a message",
                list.stream().mapToDouble(x -> 100 * x.noMessageShare()).toArray(), "%", ringSaturated ? ">= 99" : ""));
        });
        final double[] ring = runs.get("ring bulk saturated").stream().mapToDouble(Run::rate).toArray();
        final double[] perCall = runs.get("per-call bulk saturated").stream().mapToDouble(Run::rate).toArray();
        out.add(Figure.of("rings", "bulk ring/per-call", Rounds.ratios(ring, perCall), "x", ">= 1.3"));
        return out;
    }

    private static void record(final Map<String, List<Run>> runs, final int round, final PrintStream progress,
                               final String name, final String unit, final String per, final Run run) {
        progress.printf("  %-9s %-26s %9.1f %-6s %9.2f %-8s %6.2f%% without a message%n",
            round < 0 ? "warm-up" : "round " + (round + 1), name, run.rate(), unit, run.messagesPerUnit(), per,
            100 * run.noMessageShare());
        if (round >= 0) {
            runs.computeIfAbsent(name, x -> new ArrayList<>()).add(run);
        }
    }

    private static NewtRuntime start(final UnaryOperator<NewtRuntime.Builder> executor) {
        final Topology t = NewtBulk.twoHosts(StackSuite.MTU).build();
        final NewtRuntime rt = executor.apply(t.install(NewtRuntime.builder().seed(22))).build();
        rt.start();
        return rt;
    }

    private static byte[] pattern(final int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11));
        }
        return b;
    }

    /** @return MB/s, messages per MB (both ends), share of reads and writes without a message */
    private static Run bulk(final SocketKind kind, final long bytes, final Duration pace,
                            final UnaryOperator<NewtRuntime.Builder> executor) {
        final ExecutorService reader = Executors.newSingleThreadExecutor();
        final byte[] chunk = pattern(OP);
        try (NewtRuntime rt = start(executor); NewtServerSocket server = NewtServerSocket.listen(rt, "b", PORT)) {
            server.setSocketKind(kind);
            final Future<NewtSocket> received = reader.submit(() -> {
                final NewtSocket s = server.accept(WAIT);
                s.setSoTimeout(WAIT);
                final InputStream in = s.getInputStream();
                final byte[] buf = new byte[OP];
                long got = 0;
                long at = 0;
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    for (int i = 0; i < n; i++, at++) {
                        if (buf[i] != chunk[(int) (at % OP)]) {
                            throw new IOException("byte " + at + " is not the one sent");
                        }
                    }
                    got += n;
                }
                if (got != bytes) {
                    throw new IOException("received " + got + " of " + bytes + " bytes");
                }
                return s;
            });
            final NewtSocket c = NewtSocket.connect(rt, "a", B, PORT, WAIT, kind);
            c.setWriteTimeout(WAIT);
            final long start = System.nanoTime();
            for (long at = 0; at < bytes; at += OP) {
                c.getOutputStream().write(chunk, 0, (int) Math.min(OP, bytes - at));
                if (!pace.isZero()) {
                    LockSupport.parkNanos(pace.toNanos());
                }
            }
            c.shutdownOutput();
            final NewtSocket s = received.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            final long nanos = System.nanoTime() - start;
            final Run run = new Run(bytes * 1e3 / nanos, (c.messages() + s.messages()) / (bytes / 1e6),
                noMessageShare(c, s));
            s.close();
            c.close();
            return run;
        } catch (Exception e) {
            throw new IllegalStateException(kind + " bulk of " + bytes + " bytes failed: " + e, e);
        } finally {
            reader.shutdownNow();
        }
    }

    /** @return microseconds per request, messages per request (both ends), share without a message */
    /**
     * @param inFlight requests written before the first answer is read
     * @param windowed after that, one request written per answer read (always {@code inFlight}
     *                 outstanding) rather than the next batch once every answer is read
     */
    private static Run rpc(final SocketKind kind, final int requests, final int inFlight, final boolean windowed,
                           final UnaryOperator<NewtRuntime.Builder> executor) {
        final ExecutorService server = Executors.newSingleThreadExecutor();
        try (NewtRuntime rt = start(executor); NewtServerSocket listener = NewtServerSocket.listen(rt, "b", PORT)) {
            listener.setSocketKind(kind);
            final Future<NewtSocket> served = server.submit(() -> {
                final NewtSocket s = listener.accept(WAIT);
                s.setSoTimeout(WAIT);
                final DataInputStream in = new DataInputStream(s.getInputStream());
                final byte[] req = new byte[RPC];
                for (int i = 0; i < requests; i++) {
                    in.readFully(req);
                    s.getOutputStream().write(req);
                }
                return s;
            });
            final NewtSocket c = NewtSocket.connect(rt, "a", B, PORT, WAIT, kind);
            c.setSoTimeout(WAIT);
            final DataInputStream in = new DataInputStream(c.getInputStream());
            final byte[] req = pattern(RPC);
            final byte[] answer = new byte[RPC];
            final long start = System.nanoTime();
            if (windowed) {
                int sent = 0;
                for (int done = 0; done < requests; done++) {
                    while (sent < requests && sent - done < inFlight) {
                        c.getOutputStream().write(req);
                        sent++;
                    }
                    in.readFully(answer);
                    if (!Arrays.equals(answer, req)) {
                        throw new IOException("answer " + done + " is not the request");
                    }
                }
            }
            for (int done = 0; done < (windowed ? 0 : requests); done += inFlight) {
                final int n = Math.min(inFlight, requests - done);
                for (int i = 0; i < n; i++) {
                    c.getOutputStream().write(req);
                }
                for (int i = 0; i < n; i++) {
                    in.readFully(answer);
                    if (!Arrays.equals(answer, req)) {
                        throw new IOException("answer " + (done + i) + " is not the request");
                    }
                }
            }
            final long nanos = System.nanoTime() - start;
            final NewtSocket s = served.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            final Run run = new Run(nanos / 1e3 / requests, (c.messages() + s.messages()) / (double) requests,
                noMessageShare(c, s));
            s.close();
            c.close();
            return run;
        } catch (Exception e) {
            throw new IllegalStateException(kind + " rpc failed: " + e, e);
        } finally {
            server.shutdownNow();
        }
    }

    private static double noMessageShare(final NewtSocket a, final NewtSocket b) {
        final long ops = a.operations() + b.operations();
        return ops == 0 ? 0 : 1 - (a.operationsWithMessages() + b.operationsWithMessages()) / (double) ops;
    }
}
