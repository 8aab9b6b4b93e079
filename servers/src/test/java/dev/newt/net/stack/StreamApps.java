package dev.newt.net.stack;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;

/**
 * A subscription over UDP: the subscriber sends one datagram out, and the streamer answers with a
 * long stream back. Only the subscriber's first datagram goes out, so every later datagram of the
 * stream passes the subscriber's packet filter only as part of a tracked flow.
 */
final class StreamApps {
    private StreamApps() {
    }

    /** Streams {@code count} datagrams, one per millisecond, to whoever subscribes first. */
    static final class Streamer implements Server<Streamer.State> {
        static final class State {
            int socketId = -1;
            long bindCall;
            long receiveCall;
            int subscriberAddress;
            int subscriberPort;
            int sent;
        }

        private record Tick() { }

        private final String sock;
        private final int port;
        private final int count;

        Streamer(final String sock, final int port, final int count) {
            this.sock = sock;
            this.port = port;
            this.count = count;
        }

        @Override
        public State onStart(final ServerContext ctx, final State s, final StartReason r) {
            s.bindCall = ctx.request(sock, new DgramBind(port)).orElseThrow();
            return s;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            final Object p = m.payload();
            if (m.kind() == Kind.REPLY && p instanceof DgramBound b) {
                s.socketId = b.socketId();
                s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElseThrow();
            } else if (m.kind() == Kind.REPLY && m.correlationId() == s.receiveCall && p instanceof Datagram d
                && s.subscriberPort == 0) {
                s.subscriberAddress = d.source().bits();
                s.subscriberPort = d.sourcePort();
                ctx.setTimer(Duration.ZERO, new Tick());
            } else if (p instanceof Tick && s.sent < count) {
                ctx.request(sock, new DgramSendTo(s.socketId, new Ipv4Address(s.subscriberAddress), s.subscriberPort,
                    new byte[] {(byte) s.sent}));
                s.sent++;
                ctx.setTimer(Duration.ofMillis(1), new Tick());
            }
            return s;
        }
    }

    /** Subscribes once, then counts what arrives. */
    static final class Subscriber implements Server<Subscriber.State> {
        static final class State {
            int socketId = -1;
            long receiveCall;
            long received;
        }

        private final String sock;
        private final Ipv4Address streamer;
        private final int port;

        Subscriber(final String sock, final Ipv4Address streamer, final int port) {
            this.sock = sock;
            this.streamer = streamer;
            this.port = port;
        }

        @Override
        public State onStart(final ServerContext ctx, final State s, final StartReason r) {
            ctx.request(sock, new DgramBind(0)).orElseThrow();
            return s;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            final Object p = m.payload();
            if (m.kind() == Kind.REPLY && p instanceof DgramBound b) {
                s.socketId = b.socketId();
                ctx.request(sock, new DgramSendTo(s.socketId, streamer, port, new byte[] {1}));
                s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElseThrow();
            } else if (m.kind() == Kind.REPLY && m.correlationId() == s.receiveCall) {
                if (p instanceof Datagram) {
                    s.received++;
                }
                s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElseThrow();
            }
            return s;
        }
    }
}
