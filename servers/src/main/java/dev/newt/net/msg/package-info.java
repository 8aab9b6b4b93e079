/**
 * The messages the network servers exchange: their ABI. Every type is an immutable record; byte
 * arrays in them are never changed after the message is made (whoever builds one builds a fresh
 * array), so a message can be handed between servers without copying.
 *
 * <pre>
 *  wire --Frame--> nic --Frame--> ip --IpInbound--> pf --IpInbound--> udp --UdpInput--> sock --> app
 *  app --Dgram*--> sock --UdpOutput--> udp --IpOutbound--> pf --IpOutbound--> ip --Frame--> nic --Frame--> wire
 *  udp --IcmpError--> ip          app --PingRequest--> ip --PingReply--> app
 *  any server: StatsQuery (request) --> Stats (reply)
 *
 *  Streams: app --Stream* request--> sock --same request--> tcp; tcp replies to sock, sock to the
 *  app. sock keeps which application owns which connection; tcp keeps the connections. Because
 *  sock's calls to tcp are requests, a tcp that restarts before answering one is resubmitted by
 *  sock (PeerRestarted), so no call is lost with a dead tcp incarnation; tcp must therefore treat a
 *  request it already holds (same requester and correlation id) as the same request.
 *  tcp --IpOutbound(6)--> pf --> ip, and ip --IpInbound(6)--> pf --> tcp.
 * </pre>
 */
package dev.newt.net.msg;
