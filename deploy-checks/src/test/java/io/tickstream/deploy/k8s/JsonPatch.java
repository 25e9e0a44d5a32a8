package io.tickstream.deploy.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 6902 operations the overlays use in inline patches: {@code add}, {@code replace} and
 * {@code remove}, on JSON pointers into maps and lists. {@code replace} and {@code remove} need the
 * location to exist, as the RFC says; any other operation is refused.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    static Map<String, Object> apply(Map<String, Object> target, List<?> operations) {
        Map<String, Object> doc = copy(target);
        for (Object o : operations) {
            Map<?, ?> op = (Map<?, ?>) o;
            String kind = String.valueOf(op.get("op"));
            List<String> path = pointer(String.valueOf(op.get("path")));
            Object parent = doc;
            for (String token : path.subList(0, path.size() - 1)) {
                parent = child(parent, token, op);
            }
            String last = path.getLast();
            switch (kind) {
                case "add" -> add(parent, last, copy(op.get("value")));
                case "replace" -> {
                    child(parent, last, op);
                    remove(parent, last);
                    add(parent, last, copy(op.get("value")));
                }
                case "remove" -> {
                    child(parent, last, op);
                    remove(parent, last);
                }
                default -> throw new UnsupportedOperationException("JSON patch op " + kind + " is not rendered");
            }
        }
        return doc;
    }

    private static List<String> pointer(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not a JSON pointer: " + path);
        }
        List<String> tokens = new ArrayList<>();
        for (String t : path.substring(1).split("/", -1)) {
            tokens.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static Object child(Object parent, String token, Map<?, ?> op) {
        Object child = parent instanceof Map<?, ?> m ? m.get(token)
                : parent instanceof List<?> l && token.matches("\\d+") && Integer.parseInt(token) < l.size() ? l.get(Integer.parseInt(token))
                : null;
        if (child == null) {
            throw new IllegalStateException("JSON patch " + op + ": " + token + " does not exist");
        }
        return child;
    }

    @SuppressWarnings("unchecked")
    private static void add(Object parent, String token, Object value) {
        if (parent instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(token, value);
        } else {
            List<Object> l = (List<Object>) parent;
            l.add(token.equals("-") ? l.size() : Integer.parseInt(token), value);
        }
    }

    private static void remove(Object parent, String token) {
        if (parent instanceof Map<?, ?> m) {
            m.remove(token);
        } else {
            ((List<?>) parent).remove(Integer.parseInt(token));
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(String.valueOf(k), copy(v)));
            return (T) c;
        }
        if (value instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(copy(v)));
            return (T) c;
        }
        return value;
    }
}
