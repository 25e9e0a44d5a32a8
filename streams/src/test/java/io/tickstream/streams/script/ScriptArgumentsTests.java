package io.tickstream.streams.script;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptArgumentsTests {

    @Test
    void argumentsAreBulkStringsWithTheirUtf8ByteLength() {
        ScriptArguments args = new ScriptArguments(1).add("abc").add("").add((String) null).add(1234567890123L).add("€1");

        assertThat(args.count()).isEqualTo(5);
        assertThat(new String(args.bytes(), 0, args.length(), StandardCharsets.UTF_8))
                .isEqualTo("$3\r\nabc\r\n$0\r\n\r\n$0\r\n\r\n$13\r\n1234567890123\r\n$4\r\n€1\r\n");
    }

    @Test
    void aCallIsTheDigestTheKeyCountTheKeysThenTheArguments() {
        ScriptArguments body = new ScriptArguments(16);
        for (int i = 0; i < 1000; i++) {
            body.add("v" + i);
        }
        EncodedScriptArgs call = new EncodedScriptArgs("sha", new String[] {"k1{p}", "k2{p}"}, body);
        ByteBuf buf = Unpooled.buffer();
        call.encode(buf);

        assertThat(call.count()).isEqualTo(4 + 1000);
        assertThat(buf.toString(StandardCharsets.UTF_8)).startsWith("$3\r\nsha\r\n$1\r\n2\r\n$5\r\nk1{p}\r\n$5\r\nk2{p}\r\n$2\r\nv0\r\n")
                .endsWith("$4\r\nv999\r\n");
        assertThat(StandardCharsets.UTF_8.decode(call.getFirstEncodedKey()).toString()).isEqualTo("k1{p}");
    }
}
