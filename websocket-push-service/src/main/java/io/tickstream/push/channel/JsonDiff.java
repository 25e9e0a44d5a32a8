package io.tickstream.push.channel;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * An RFC 6902 JSON Patch from one tree to another: {@code remove}, {@code add} and {@code replace}
 * operations, objects compared member by member, anything else (arrays, scalars) replaced whole.
 * Channel objects hold no arrays, so the patches are minimal for them.
 */
final class JsonDiff {

    private JsonDiff() {
    }

    /** Operations that turn {@code from} into {@code to}. */
    static ArrayNode diff(JsonNode from, JsonNode to) {
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        diff("", from, to, ops);
        return ops;
    }

    private static void diff(String path, JsonNode from, JsonNode to, ArrayNode ops) {
        if (from.equals(to)) {
            return;
        }
        if (!from.isObject() || !to.isObject()) {
            op(ops, "replace", path).set("value", to.deepCopy());
            return;
        }
        for (String name : from.propertyNames()) {
            if (!to.has(name)) {
                op(ops, "remove", path + "/" + escape(name));
            }
        }
        for (Map.Entry<String, JsonNode> member : to.properties()) {
            String child = path + "/" + escape(member.getKey());
            JsonNode old = from.get(member.getKey());
            if (old == null) {
                op(ops, "add", child).set("value", member.getValue().deepCopy());
            } else {
                diff(child, old, member.getValue(), ops);
            }
        }
    }

    private static ObjectNode op(ArrayNode ops, String name, String path) {
        ObjectNode op = ops.addObject();
        op.put("op", name);
        op.put("path", path);
        return op;
    }

    /** RFC 6901: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
