package io.callrobot.dialog.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A JSON body written in the flow: a string that is exactly {@code "{amount}"} becomes the argument
 * with its JSON type (a number stays a number), other strings are templates rendered as text,
 * everything else is sent as written. A missing optional argument used alone becomes {@code null}.
 */
final class BodyTemplate {

    private final JsonNode shape;
    private final Map<String, Template> strings;

    private BodyTemplate(JsonNode shape, Map<String, Template> strings) {
        this.shape = shape;
        this.strings = strings;
    }

    static BodyTemplate parse(JsonNode body, String where, Set<String> arguments, List<String> problems) {
        Map<String, Template> strings = new LinkedHashMap<>();
        collect(body, "", where, arguments, strings, problems);
        return new BodyTemplate(body.deepCopy(), strings);
    }

    private static void collect(JsonNode node, String pointer, String where, Set<String> arguments,
            Map<String, Template> strings, List<String> problems) {
        if (node.isTextual()) {
            strings.put(pointer, Template.parse(node.asText(), where + pointer.replace('/', '.'), arguments, null, problems));
        } else if (node.isObject()) {
            node.properties().forEach(f -> collect(f.getValue(), pointer + "/" + f.getKey(), where, arguments, strings,
                    problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, where, arguments, strings, problems);
            }
        }
    }

    /** Argument names used. */
    List<String> arguments() {
        List<String> names = new ArrayList<>();
        strings.values().forEach(t -> names.addAll(t.arguments()));
        return names;
    }

    JsonNode render(JsonNode arguments, Map<String, String> variables) {
        return render(shape, "", arguments, variables);
    }

    private JsonNode render(JsonNode node, String pointer, JsonNode arguments, Map<String, String> variables) {
        if (node.isTextual()) {
            Template template = strings.get(pointer);
            String sole = template.soleArgument();
            if (sole != null) {
                JsonNode value = arguments.get(sole);
                return value == null ? NullNode.instance : value;
            }
            return TextNode.valueOf(template.render(arguments, variables, UnaryOperator.identity()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(f -> out.set(f.getKey(), render(f.getValue(), pointer + "/" + f.getKey(),
                    arguments, variables)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(render(node.get(i), pointer + "/" + i, arguments, variables));
            }
            return out;
        }
        return node;
    }
}
