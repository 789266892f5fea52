package dev.dsv3viz.model.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a JSON document, the way a broken download or a hand edit breaks one: a value
 * swapped for a hostile one (huge, negative, zero, NaN-like, the wrong type), a key removed, an array
 * emptied or lengthened, or the text itself cut, flipped or spliced.
 */
final class JsonMutator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonMutator() {
    }

    static byte[] mutate(byte[] json, Random r) {
        int rounds = 1 + r.nextInt(3);
        byte[] out = json;
        for (int i = 0; i < rounds; i++) {
            out = r.nextInt(4) == 0 ? mutateText(out, r) : mutateTree(out, r);
        }
        return out;
    }

    static byte[] mutateText(byte[] text, Random r) {
        if (text.length == 0) {
            return new byte[]{(byte) r.nextInt(256)};
        }
        byte[] b = text.clone();
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 2 -> {
                int at = r.nextInt(b.length);
                byte[] chunk = java.util.Arrays.copyOfRange(b, r.nextInt(b.length), b.length);
                byte[] spliced = java.util.Arrays.copyOf(b, at + Math.min(chunk.length, 4096));
                System.arraycopy(chunk, 0, spliced, at, spliced.length - at);
                return spliced;
            }
            default -> {
                String[] hostile = {"9999999999999999999999", "-1", "1e308", "NaN", "null", "\"\\ud800\"", "[[[[[[[[", "}", "\u0000"};
                String s = new String(b, StandardCharsets.UTF_8);
                int at = r.nextInt(s.length() + 1);
                return (s.substring(0, at) + hostile[r.nextInt(hostile.length)] + s.substring(at)).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    static byte[] mutateTree(byte[] json, Random r) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            return mutateText(json, r);
        }
        if (root == null || !root.isContainerNode()) {
            return mutateText(json, r);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers, 0);
        JsonNode target = containers.get(r.nextInt(containers.size()));
        if (target instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String key = names.get(r.nextInt(names.size()));
            if (r.nextInt(5) == 0) {
                o.remove(key);
            } else {
                o.set(key, hostile(o.get(key), r));
            }
        } else if (target instanceof ArrayNode a) {
            if (a.isEmpty() || r.nextInt(4) == 0) {
                for (int k = 0; k < 1 + r.nextInt(3); k++) {
                    a.add(hostile(a.isEmpty() ? F.numberNode(0) : a.get(0), r));
                }
            } else if (r.nextInt(3) == 0) {
                a.remove(r.nextInt(a.size()));
            } else {
                a.set(r.nextInt(a.size()), hostile(a.get(0), r));
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (Exception e) {
            return mutateText(json, r);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out, int depth) {
        if (node.isContainerNode() && depth < 64) {
            out.add(node);
            // Large arrays (a vocabulary, a merge list) would drown the rest: sample a few children.
            int n = node.size();
            int step = Math.max(1, n / 16);
            for (int i = 0; i < n; i += step) {
                JsonNode child = node.isArray() ? node.get(i) : null;
                if (child != null) {
                    collect(child, out, depth + 1);
                }
            }
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> collect(e.getValue(), out, depth + 1));
            }
        }
    }

    private static JsonNode hostile(JsonNode like, Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> F.numberNode(Long.MAX_VALUE);
            case 1 -> F.numberNode(Integer.MAX_VALUE);
            case 2 -> F.numberNode(-1);
            case 3 -> F.numberNode(0);
            case 4 -> F.numberNode(1e308);
            case 5 -> F.numberNode(-1e-308);
            case 6 -> F.textNode("");
            case 7 -> F.textNode("F64");
            case 8 -> F.nullNode();
            case 9 -> F.booleanNode(true);
            case 10 -> F.arrayNode();
            case 11 -> F.objectNode();
            case 12 -> like != null && like.isNumber() ? F.numberNode(like.asLong() + r.nextInt(7) - 3)
                    : F.numberNode(r.nextInt(1 << 20));
            default -> {
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < 1 + r.nextInt(4); i++) {
                    a.add(r.nextBoolean() ? F.numberNode(r.nextInt(1 << 16)) : F.numberNode(Integer.MAX_VALUE));
                }
                yield a;
            }
        };
    }
}
