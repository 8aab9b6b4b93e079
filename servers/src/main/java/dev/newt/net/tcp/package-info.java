/**
 * TCP (RFC 9293) as a server of its own, {@code <host>.tcp}, between sock's stream calls and pf.
 *
 * <h2>Layout</h2>
 * Split by concern, after gVisor's netstack:
 * <ul>
 * <li>{@link dev.newt.net.tcp.TcpServer}: dispatch, the checkpointed state, timers, stats, audit.</li>
 * <li>{@link dev.newt.net.tcp.Input}: SEGMENT ARRIVES, state by state, with RFC 5961's checks.</li>
 * <li>{@link dev.newt.net.tcp.Calls}: the user calls ({@code Stream*} requests).</li>
 * <li>{@link dev.newt.net.tcp.Connection}: a TCB; {@link dev.newt.net.tcp.Sender} and
 *     {@link dev.newt.net.tcp.Receiver} its two halves; {@link dev.newt.net.tcp.Listener} a LISTEN.</li>
 * <li>{@link dev.newt.net.tcp.RetransmitTimer} and {@link dev.newt.net.tcp.RttEstimator} (RFC 6298), {@link dev.newt.net.tcp.CongestionControl}
 *     with {@link dev.newt.net.tcp.NewReno} (RFC 5681, RFC 6582).</li>
 * <li>{@link dev.newt.net.tcp.Demux} (4-tuples, listeners, ports), {@link dev.newt.net.tcp.Rst}
 *     (resets and challenge ACKs), {@link dev.newt.net.tcp.SeqNum} (sequence arithmetic),
 *     {@link dev.newt.net.tcp.Reassembly} (out-of-order data), {@link dev.newt.net.tcp.TimerSlot}.</li>
 * </ul>
 *
 * <h2>What is checkpointed, and why it is enough</h2>
 * The spec checkpoints the whole {@link dev.newt.net.tcp.TcpServer.State} after every message:
 * every connection's sequence variables, its send buffer (all unacknowledged and unsent bytes) and
 * receive buffer (all bytes acknowledged to the peer and not yet read), its out-of-order data, the
 * RTT estimate and congestion window, the calls waiting on it (as reply addresses), and every
 * timer as an absolute deadline. A byte is acknowledged to the peer only by a segment sent while
 * handling a message, and that message's checkpoint holds the byte; a byte leaves the send buffer
 * only when the peer acknowledged it. So a tcp restored from its last checkpoint has every byte
 * the peers and the applications rely on; the runtime timers it lost are armed again from the
 * deadlines in {@code onStart}; a segment lost with the dead incarnation is repaired by the
 * ordinary retransmission of one side or the other; and calls the dead incarnation took are
 * resubmitted by sock and recognised by their reply address when they already wait in the state.
 *
 * <h2>Simplifications</h2>
 * No Nagle algorithm (segments go as soon as the windows allow, like {@code TCP_NODELAY}), no
 * SACK, timestamps or ECN, no urgent data (the urgent pointer is ignored and the data delivered
 * in line), no limited transmit, no rate limit on challenge ACKs, no path MTU discovery, no
 * keep-alives, and no timeout for an orphaned FIN_WAIT_2. Zero windows are probed with a segment
 * carrying an old sequence number and no data, as Linux does, rather than with a byte of new data.
 */
package dev.newt.net.tcp;
