package dev.qwenimage.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qwenimage.runtime.InvalidModelException;
import dev.qwenimage.scheduler.FlowMatchEulerDiscreteScheduler;
import dev.qwenimage.scheduler.SchedulerConfig;
import dev.qwenimage.scheduler.Schedulers;
import dev.qwenimage.vae.VaeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Qwen-Image model folder, read and checked without loading any network: {@code model_index.json} and its
 * component classes, the configs, the presence of every required file, and that the components fit together
 * (text width = the transformer's joint attention width, 4 × VAE channels = the transformer's input width).
 * Every problem is an {@link InvalidModelException} naming the file. Immutable.
 */
public final class ModelFolder {

    /** The file names of the contract, relative to the folder. */
    public static final List<String> FILES = List.of(
            "model_index.json",
            "tokenizer/tokenizer.json",
            "tokenizer/tokenizer_config.json",
            "text_encoder/config.json",
            "text_encoder/model.onnx",
            "transformer/config.json",
            "transformer/model.onnx",
            "vae_decoder/config.json",
            "vae_decoder/model.onnx",
            "vae_encoder/config.json",
            "vae_encoder/model.onnx",
            "scheduler/scheduler_config.json");

    private static final Set<String> PIPELINES = Set.of(
            "QwenImagePipeline", "QwenImageImg2ImgPipeline", "QwenImageInpaintPipeline");
    private static final Map<String, Set<String>> COMPONENT_CLASSES = Map.of(
            "tokenizer", Set.of("Qwen2Tokenizer", "Qwen2TokenizerFast"),
            "text_encoder", Set.of("Qwen2_5_VLTextEncoder", "Qwen2_5_VLForConditionalGeneration"),
            "transformer", Set.of(TransformerConfig.CLASS_NAME),
            "vae_decoder", Set.of(VaeConfig.CLASS_NAME),
            "vae_encoder", Set.of(VaeConfig.CLASS_NAME),
            // The transformer predicts a flow velocity: only a flow-matching sampler integrates it correctly.
            "scheduler", Set.of(FlowMatchEulerDiscreteScheduler.CLASS_NAME));
    private static final List<String> REQUIRED = List.of("tokenizer", "text_encoder", "transformer", "vae_decoder", "scheduler");

    private final Path root;
    private final String name;
    private final GenerationDefaults defaults;
    private final TransformerConfig transformer;
    private final VaeConfig vae;
    private final SchedulerConfig scheduler;
    private final int textHiddenSize;
    private final boolean hasVaeEncoder;

    private ModelFolder(Path root, String name, GenerationDefaults defaults, TransformerConfig transformer, VaeConfig vae,
            SchedulerConfig scheduler, int textHiddenSize, boolean hasVaeEncoder) {
        this.root = root;
        this.name = name;
        this.defaults = defaults;
        this.transformer = transformer;
        this.vae = vae;
        this.scheduler = scheduler;
        this.textHiddenSize = textHiddenSize;
        this.hasVaeEncoder = hasVaeEncoder;
    }

    /**
     * Reads and checks a model folder.
     *
     * @param folder the folder holding {@code model_index.json}
     * @return the checked folder
     * @throws InvalidModelException naming the file and the problem
     */
    public static ModelFolder open(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new InvalidModelException(root, "model folder not found");
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidModelException(root, "not a folder: a model is a folder holding model_index.json");
        }
        Path indexFile = root.resolve("model_index.json");
        JsonNode index = Json.readObject(indexFile, "the model index");
        JsonNode pipeline = index.get("_class_name");
        if (pipeline == null || !pipeline.isTextual() || !PIPELINES.contains(pipeline.asText())) {
            throw new InvalidModelException(indexFile, "_class_name is " + pipeline + "; expected one of " + PIPELINES);
        }
        for (Map.Entry<String, Set<String>> component : COMPONENT_CLASSES.entrySet()) {
            JsonNode entry = index.get(component.getKey());
            if (entry == null || entry.isNull()) {
                if (REQUIRED.contains(component.getKey())) {
                    throw new InvalidModelException(indexFile, "component \"" + component.getKey() + "\" is missing");
                }
                continue;
            }
            if (!entry.isArray() || entry.size() != 2 || !entry.get(1).isTextual()) {
                throw new InvalidModelException(indexFile, "component \"" + component.getKey()
                        + "\" must be [library, class], got " + entry);
            }
            String cls = entry.get(1).asText();
            if (!component.getValue().contains(cls)) {
                throw new InvalidModelException(indexFile, "unknown class '" + cls + "' for component \""
                        + component.getKey() + "\"; expected one of " + component.getValue());
            }
        }
        GenerationDefaults defaults = GenerationDefaults.read(index, indexFile);
        for (String file : List.of("tokenizer/tokenizer.json", "text_encoder/model.onnx", "transformer/model.onnx",
                "vae_decoder/model.onnx")) {
            if (!Files.isRegularFile(root.resolve(file))) {
                throw new InvalidModelException(root.resolve(file), "missing: required by the model-folder format");
            }
        }
        TransformerConfig transformer = TransformerConfig.read(root.resolve("transformer/config.json"));
        VaeConfig vae = VaeConfig.read(root.resolve("vae_decoder/config.json"));
        int textHidden = textHiddenSize(root.resolve("text_encoder/config.json"));
        if (textHidden != transformer.jointAttentionDim()) {
            throw new InvalidModelException(root.resolve("text_encoder/config.json"), "hidden_size " + textHidden
                    + " does not match the transformer's joint_attention_dim " + transformer.jointAttentionDim());
        }
        if (4 * vae.latentChannels() != transformer.inChannels()) {
            throw new InvalidModelException(root.resolve("transformer/config.json"), "in_channels "
                    + transformer.inChannels() + " must be 4 × the VAE's z_dim " + vae.latentChannels());
        }
        Path schedulerFile = root.resolve("scheduler/scheduler_config.json");
        if (!Files.isRegularFile(schedulerFile)) {
            throw new InvalidModelException(schedulerFile, "missing: the scheduler config is required");
        }
        SchedulerConfig scheduler;
        try {
            scheduler = SchedulerConfig.read(schedulerFile);
            if (!FlowMatchEulerDiscreteScheduler.CLASS_NAME.equals(scheduler.className())) {
                throw new IllegalArgumentException("_class_name is '" + scheduler.className() + "'; a Qwen-Image "
                        + "transformer predicts flow velocities and needs " + FlowMatchEulerDiscreteScheduler.CLASS_NAME);
            }
            Schedulers.fromConfig(scheduler);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(schedulerFile, e.getMessage(), e);
        }
        boolean encoder = Files.isRegularFile(root.resolve("vae_encoder/model.onnx"));
        String name = modelName(root);
        return new ModelFolder(root, name, defaults, transformer, vae, scheduler, textHidden, encoder);
    }

    /** README.json's "name" when the folder has one (built-in models are copied to hashed folders), else the folder name. */
    private static String modelName(Path root) {
        Path readme = root.resolve("README.json");
        if (Files.isRegularFile(readme)) {
            try {
                JsonNode n = Json.MAPPER.readTree(readme.toFile()).get("name");
                if (n != null && n.isTextual() && !n.asText().isBlank()) {
                    return n.asText();
                }
            } catch (java.io.IOException | RuntimeException ignored) {
                // the name is cosmetic; fall back to the folder name
            }
        }
        return root.getFileName() == null ? root.toString() : root.getFileName().toString();
    }

    private static int textHiddenSize(Path file) {
        JsonNode n = Json.readObject(file, "the text encoder config");
        JsonNode source = n.has("hidden_size") ? n : n.get("text_config");
        if (source == null || !source.isObject()) {
            throw new InvalidModelException(file, "hidden_size (or text_config.hidden_size) is missing");
        }
        return Json.positiveInt(source, "hidden_size", file, 1 << 20);
    }

    /** @return the folder */
    public Path root() {
        return root;
    }

    /** @return the model's name: the folder name */
    public String name() {
        return name;
    }

    /** @return what requests fall back to */
    public GenerationDefaults defaults() {
        return defaults;
    }

    /** @return the transformer config */
    public TransformerConfig transformer() {
        return transformer;
    }

    /** @return the VAE config */
    public VaeConfig vae() {
        return vae;
    }

    /** @return the scheduler config */
    public SchedulerConfig scheduler() {
        return scheduler;
    }

    /** @return D, the text encoder's hidden size */
    public int textHiddenSize() {
        return textHiddenSize;
    }

    /** @return true if the folder has a VAE encoder (needed for image-to-image and editing) */
    public boolean hasVaeEncoder() {
        return hasVaeEncoder;
    }

    /**
     * @param relative a path of the contract, for example {@code "transformer/model.onnx"}
     * @return the file in this folder
     */
    public Path file(String relative) {
        return root.resolve(relative);
    }

    @Override
    public String toString() {
        return "ModelFolder{" + root + "}";
    }
}
