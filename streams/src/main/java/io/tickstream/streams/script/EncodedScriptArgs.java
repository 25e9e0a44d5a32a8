package io.tickstream.streams.script;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The arguments of an EVALSHA or EVAL as Lettuce writes them: the digest or script, the key count and the
 * keys ({@code head}), then the pre-encoded {@link ScriptArguments}. Encoding is two array copies. The first
 * key is given for routing on a cluster.
 */
final class EncodedScriptArgs extends CommandArgs<String, String> {

    private final byte[] head;
    private final int headCount;
    private final ScriptArguments body;
    private final String firstKey;

    EncodedScriptArgs(String shaOrScript, String[] keys, ScriptArguments body) {
        super(StringCodec.UTF8);
        String[] headValues = new String[keys.length + 2];
        headValues[0] = shaOrScript;
        headValues[1] = Integer.toString(keys.length);
        System.arraycopy(keys, 0, headValues, 2, keys.length);
        this.head = ScriptArguments.encode(headValues);
        this.headCount = headValues.length;
        this.body = body;
        this.firstKey = keys.length == 0 ? null : keys[0];
    }

    @Override
    public int count() {
        return headCount + body.count();
    }

    @Override
    public void encode(ByteBuf buf) {
        buf.ensureWritable(head.length + body.length());
        buf.writeBytes(head);
        buf.writeBytes(body.bytes(), 0, body.length());
    }

    @Override
    public ByteBuffer getFirstEncodedKey() {
        return firstKey == null ? null : ByteBuffer.wrap(firstKey.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toCommandString() {
        return "<" + count() + " pre-encoded arguments, " + (head.length + body.length()) + " bytes>";
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " [" + toCommandString() + "]";
    }
}
