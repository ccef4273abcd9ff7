package io.callrobot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link CallRobotConfig} from three layers: the embedded defaults, an optional YAML file,
 * and environment variables. Every key {@code a.bCd} can be overridden by {@code CALLROBOT_A_B_CD};
 * list values take comma-separated text. Keys named in {@link #SECRETS} may only come from the
 * environment so that keys never land in files under version control. A key given twice in the
 * file is an error; a {@code CALLROBOT_*} variable that names no key is a warning. The loaded
 * configuration is checked by its records, by {@link CallRobotConfig}'s cross-field checks and by
 * the {@link ConfigCheck} given (the providers).
 */
public final class ConfigLoader {

    static final String ENV_PREFIX = "CALLROBOT_";
    static final Set<String> SECRETS = Set.of("llm.apiKey", "asr.openai.apiKey", "tts.cosyvoice.apiKey",
            "tts.openai.apiKey", "nls.token", "nls.accessKeyId", "nls.accessKeySecret", "store.password", "api.token",
            "esl.inbound.password", "auth.adminToken");
    /** Secrets whose variable is not derived from the key. */
    private static final Map<String, String> ENV_NAMES = Map.of("auth.adminToken", "CALLROBOT_ADMIN_TOKEN");

    private final ObjectMapper yaml;
    private final ConfigCheck check;
    private final Consumer<String> warnings;

    /**
     * Warnings (unknown {@code CALLROBOT_*} variables) go to this class's logger.
     *
     * @param check the checks of the parts the configuration selects, e.g. the provider registries
     */
    public ConfigLoader(ConfigCheck check) {
        this(check, warning -> LoggerFactory.getLogger(ConfigLoader.class).warn("{}", warning));
    }

    /** @param warnings told of each problem that does not stop the configuration from loading */
    public ConfigLoader(ConfigCheck check, Consumer<String> warnings) {
        this.check = check;
        this.warnings = warnings;
        SimpleModule durations = new SimpleModule("durations")
                .addSerializer(Duration.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(Duration value, com.fasterxml.jackson.core.JsonGenerator gen,
                            SerializerProvider serializers) throws IOException {
                        gen.writeString(DurationFormat.format(value));
                    }
                })
                .addDeserializer(Duration.class, new JsonDeserializer<>() {
                    @Override
                    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                        try {
                            return p.currentToken().isNumeric()
                                    ? Duration.ofMillis(p.getLongValue())
                                    : DurationFormat.parse(p.getValueAsString());
                        } catch (IllegalArgumentException e) {
                            throw JsonMappingException.from(p, e.getMessage());
                        }
                    }
                });
        this.yaml = new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .registerModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** The YAML form of a configuration, e.g. to print the effective defaults; secrets are masked. */
    public String toYaml(CallRobotConfig config) {
        ObjectNode tree = yaml.valueToTree(config);
        for (String secret : SECRETS) {
            int last = secret.lastIndexOf('.');
            JsonNode section = tree.at("/" + secret.substring(0, last).replace('.', '/'));
            String field = secret.substring(last + 1);
            if (section.isObject() && !section.path(field).isNull() && !section.path(field).isMissingNode()) {
                ((ObjectNode) section).put(field, "***");
            }
        }
        try {
            return yaml.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param file the YAML file, or null for embedded defaults only
     * @param env  the environment, normally {@link System#getenv()}
     * @throws ConfigException naming every key that is unknown, malformed or invalid
     */
    public CallRobotConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = yaml.valueToTree(CallRobotConfig.defaults());
        List<String> problems = new ArrayList<>();
        if (file != null) {
            JsonNode user;
            try {
                user = yaml.readTree(Files.readString(file));
            } catch (StreamReadException e) {
                throw new ConfigException(file + ": " + parseProblem(e));
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read: " + e.getMessage());
            }
            if (user != null && !user.isMissingNode() && !user.isNull()) {
                if (!user.isObject()) {
                    throw new ConfigException(file + ": the top level must be a mapping of sections");
                }
                merge(tree, (ObjectNode) user, "", problems);
            }
        }
        applyEnvironment(tree, "", env, problems);
        UnknownVariables.warnings(keys(tree, ""), env).forEach(warnings);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        CallRobotConfig config;
        try {
            config = yaml.treeToValue(tree, CallRobotConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(BindingErrors.describe(e, tree));
        } catch (JsonProcessingException e) {
            throw new ConfigException(e.getOriginalMessage());
        }
        List<String> invalid = new ArrayList<>(config.validate());
        invalid.addAll(check.problems(config));
        if (!invalid.isEmpty()) {
            throw new ConfigException(invalid);
        }
        return config;
    }

    /** Overlays {@code user} on {@code base}; a key the defaults do not have is a problem, not a silent no-op. */
    private static void merge(ObjectNode base, ObjectNode user, String prefix, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (SECRETS.contains(key)) {
                problems.add(key + ": secrets are read from the environment only (" + envName(key) + ")");
                continue;
            }
            if (!base.has(e.getKey())) {
                problems.add(key + ": unknown key (known here: " + fieldNames(base) + ")");
                continue;
            }
            JsonNode current = base.get(e.getKey());
            if (current.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) current, (ObjectNode) e.getValue(), key + ".", problems);
            } else if (current.isObject() && !e.getValue().isNull()) {
                problems.add(key + ": expected a mapping of " + fieldNames((ObjectNode) current));
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void applyEnvironment(ObjectNode node, String prefix, Map<String, String> env,
            List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject()) {
                applyEnvironment((ObjectNode) e.getValue(), key + ".", env, problems);
                continue;
            }
            String value = env.get(envName(key));
            if (value == null) {
                continue;
            }
            JsonNode current = e.getValue();
            JsonNodeFactory f = JsonNodeFactory.instance;
            try {
                if (current.isArray()) {
                    ArrayNode array = f.arrayNode();
                    for (String part : value.split(",")) {
                        if (!part.isBlank()) {
                            array.add(part.trim());
                        }
                    }
                    e.setValue(array);
                } else if (current.isBoolean()) {
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException("expected true or false");
                    }
                    e.setValue(f.booleanNode(Boolean.parseBoolean(value)));
                } else if (current.isIntegralNumber()) {
                    e.setValue(f.numberNode(Long.parseLong(value.trim())));
                } else if (current.isNumber()) {
                    e.setValue(f.numberNode(Double.parseDouble(value.trim())));
                } else {
                    e.setValue(f.textNode(value));
                }
            } catch (IllegalArgumentException ex) {
                problems.add(key + " (from " + envName(key) + "='" + value + "'): " + ex.getMessage());
            }
        }
    }

    /** Whether {@code key} (e.g. {@code tts.openai.apiKey}) holds a secret, read from the environment only. */
    public static boolean isSecret(String key) {
        return SECRETS.contains(key);
    }

    /** {@code llm.apiKey} -> {@code CALLROBOT_LLM_API_KEY}; {@code auth.adminToken} -> {@code CALLROBOT_ADMIN_TOKEN}. */
    public static String envName(String key) {
        if (ENV_NAMES.containsKey(key)) {
            return ENV_NAMES.get(key);
        }
        StringBuilder sb = new StringBuilder(ENV_PREFIX);
        for (char c : key.toCharArray()) {
            if (c == '.') {
                sb.append('_');
            } else if (Character.isUpperCase(c)) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    private static String fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    /** Every leaf key of the tree, dotted. */
    private static List<String> keys(ObjectNode node, String prefix) {
        List<String> keys = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                keys.addAll(keys((ObjectNode) e.getValue(), prefix + e.getKey() + "."));
            } else {
                keys.add(prefix + e.getKey());
            }
        });
        return keys;
    }

    /** YAML the parser refused; a duplicate key is named by its dotted path. */
    private static String parseProblem(StreamReadException e) {
        String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
        if (e.getProcessor() instanceof JsonParser parser && e.getOriginalMessage().startsWith("Duplicate field")) {
            String key = parser.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
            return key + ": given twice" + line;
        }
        return "not valid YAML: " + e.getOriginalMessage() + line;
    }
}
