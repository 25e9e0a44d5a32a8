/**
 * The one Redis Streams layer every Tickstream service uses.
 *
 * <ul>
 *   <li>{@link io.tickstream.streams.connection.RedisConnections}: connections on the Spring-configured
 *       Lettuce client (standalone, Sentinel or cluster, TLS, ACL, all from {@code spring.data.redis.*});</li>
 *   <li>{@link io.tickstream.streams.group.GroupConsumer}: a consumer group member that hands batches to a
 *       handler and acknowledges only what the handler made durable;</li>
 *   <li>{@link io.tickstream.streams.tail.StreamTail}: every instance reads everything, from a position,
 *       surviving Redis restarts and noticing when Redis lost its data (the epoch);</li>
 *   <li>{@link io.tickstream.streams.trace.EntrySpans}: spans that continue an entry's {@code traceparent};</li>
 *   <li>{@link io.tickstream.streams.script.LuaScript}: a script run by digest, loaded when missing.</li>
 * </ul>
 * Stream commands that read and acknowledge (XREAD, XREADGROUP, XACK, XCLAIM, XAUTOCLAIM) are issued here
 * and nowhere else; an architecture test in each service holds that line.
 */
package io.tickstream.streams;
