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
 * </pre>
 */
package dev.newt.net.msg;
