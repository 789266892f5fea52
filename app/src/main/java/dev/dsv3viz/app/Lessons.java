package dev.dsv3viz.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dsv3viz.model.ModelException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lesson scripts in JSON, the shipped ones and a teacher's own:
 * <pre>{"title": {"en": "...", "zh": "..."}, "prompt": "...", "position": -1,
 *  "steps": [{"kind": "attention.latent", "layer": 0, "caption": {"en": "...", "zh": "..."}}, ...]}</pre>
 * Every mistake is reported with where it is, in plain words.
 */
public final class Lessons {
    /** The lessons shipped in the resources module. */
    public static final List<String> SHIPPED = List.of("mla-in-five-steps", "eight-plus-one-experts");
    private static final long MAX_BYTES = 1 << 20;

    private Lessons() {
    }

    public static Lesson load(String name) {
        try (InputStream in = Lessons.class.getResourceAsStream("/dev/dsv3viz/lessons/" + name + ".json")) {
            if (in == null) {
                throw new ModelException("There is no lesson named \"" + name + "\".");
            }
            return parse(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new ModelException("The lesson \"" + name + "\" cannot be read: " + e.getMessage(), e);
        }
    }

    public static Lesson read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ModelException(file.getFileName() + " is larger than a lesson script can be (1 MiB).");
            }
            return parse(Files.readAllBytes(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new ModelException(file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    static Lesson parse(byte[] json, String name) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelException(name + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")") + ".");
        } catch (IOException e) {
            throw new ModelException(name + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ModelException(name + " must hold a JSON object with \"prompt\" and \"steps\".");
        }
        JsonNode prompt = root.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
            throw new ModelException(name + " needs a \"prompt\": the sentence the lesson runs.");
        }
        JsonNode position = root.get("position");
        if (position != null && !position.canConvertToInt()) {
            throw new ModelException(name + ": \"position\" must be a whole number (-1 for the last token).");
        }
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw new ModelException(name + " needs a non-empty \"steps\" list.");
        }
        List<Lesson.Step> list = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            list.add(step(steps.get(i), name + ", step " + (i + 1)));
        }
        return new Lesson(texts(root.get("title"), name + ": \"title\""), prompt.asText(),
                position == null ? -1 : position.asInt(), list);
    }

    private static Lesson.Step step(JsonNode s, String where) {
        if (!s.isObject()) {
            throw new ModelException(where + " must be an object with \"kind\" and \"caption\".");
        }
        JsonNode kind = s.get("kind");
        StepKind k = kind == null ? null : Arrays.stream(StepKind.values())
                .filter(v -> v.key().equals(kind.asText())).findFirst().orElse(null);
        if (k == null) {
            throw new ModelException(where + ": \"kind\" must be one of " + Arrays.stream(StepKind.values())
                    .map(StepKind::key).toList() + ".");
        }
        JsonNode layer = s.get("layer");
        if (layer != null && !layer.canConvertToInt()) {
            throw new ModelException(where + ": \"layer\" must be a whole number.");
        }
        return new Lesson.Step(k, layer == null ? -1 : layer.asInt(), texts(s.get("caption"), where + ": \"caption\""));
    }

    private static Map<String, String> texts(JsonNode node, String where) {
        Map<String, String> out = new HashMap<>();
        if (node != null && node.isTextual()) {
            out.put("en", node.asText());
        } else if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw new ModelException(where + " must map language tags to texts.");
                }
                out.put(e.getKey(), e.getValue().asText());
            });
        } else {
            throw new ModelException(where + " must be a text or an object such as {\"en\": \"...\", \"zh\": \"...\"}.");
        }
        return out;
    }
}
