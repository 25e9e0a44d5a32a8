package io.tickstream.push.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Patches checked by applying them with an independent RFC 6902 implementation (zjsonpatch). */
class JsonDiffTests {

    private final ObjectMapper jackson2 = new ObjectMapper();

    @Test
    void addsReplacesAndRemovesMembersAtAnyDepth() throws Exception {
        String from = "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":true},\"gone\":null,\"arr\":[1,2]}";
        String to = "{\"a\":2,\"b\":{\"c\":\"y\",\"e\":{\"f\":1}},\"arr\":[1,2,3],\"new\":\"n\"}";
        JsonNode ops = JsonDiff.diff(tree(from), tree(to));
        assertThat(apply(ops, from)).isEqualTo(jackson2.readTree(to));
        assertThat(ops.toString()).contains("\"op\":\"replace\",\"path\":\"/a\"").contains("\"op\":\"remove\",\"path\":\"/gone\"")
                .contains("\"op\":\"add\",\"path\":\"/b/e\"").doesNotContain("\"path\":\"/b/c\",\"value\":\"x\"");
    }

    @Test
    void escapesSlashAndTildeInMemberNames() throws Exception {
        String from = "{\"a/b\":1,\"c~d\":1}";
        String to = "{\"a/b\":2,\"c~d\":3}";
        JsonNode ops = JsonDiff.diff(tree(from), tree(to));
        assertThat(ops.toString()).contains("/a~1b").contains("/c~0d");
        assertThat(apply(ops, from)).isEqualTo(jackson2.readTree(to));
    }

    @Test
    void equalTreesGiveAnEmptyPatch() {
        assertThat(JsonDiff.diff(tree("{\"a\":{\"b\":1}}"), tree("{\"a\":{\"b\":1}}"))).isEmpty();
    }

    private static JsonNode tree(String json) {
        return Frames.json().readTree(json);
    }

    private com.fasterxml.jackson.databind.JsonNode apply(JsonNode ops, String from) throws Exception {
        return JsonPatch.apply(jackson2.readTree(ops.toString()), jackson2.readTree(from));
    }
}
