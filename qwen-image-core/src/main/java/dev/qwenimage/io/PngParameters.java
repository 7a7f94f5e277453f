package dev.qwenimage.io;

import dev.qwenimage.GenerationParameters;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * The generation parameters in a PNG's {@code parameters} text chunk, in the layout Stable Diffusion web UIs write and
 * image tools (exiftool, PNG info panels, web UI "PNG Info" tabs) read:
 * <pre>
 * a large red circle in the center on a blue background
 * Negative prompt:  
 * Steps: 20, Sampler: FlowMatchEulerDiscreteScheduler, CFG scale: 4.0, Seed: 42, Size: 128x128, Model: qwen-image-micro, RNG: cpu, Batch size: 1
 * </pre>
 * Written as {@code tEXt} when the text is Latin-1 and as {@code iTXt} (UTF-8) otherwise, so Chinese prompts survive.
 * Stateless.
 */
public final class PngParameters {

    /** The keyword of the text chunk. */
    public static final String KEYWORD = "parameters";
    private static final String FORMAT = "javax_imageio_png_1.0";

    private PngParameters() {
    }

    /**
     * Formats parameters as the chunk's text.
     *
     * @param p the parameters
     * @return the text
     */
    public static String format(GenerationParameters p) {
        StringBuilder sb = new StringBuilder(p.prompt());
        if (p.negativePrompt() != null) {
            sb.append("\nNegative prompt: ").append(p.negativePrompt());
        }
        sb.append("\nSteps: ").append(p.steps())
                .append(", Sampler: ").append(p.scheduler())
                .append(", CFG scale: ").append(p.guidanceScale())
                .append(", Seed: ").append(p.seed() == null ? "none" : p.seed())
                .append(", Size: ").append(p.width()).append('x').append(p.height())
                .append(", Model: ").append(escape(p.model()))
                .append(", RNG: ").append(p.randomSource())
                .append(", Batch size: ").append(p.batchSize())
                .append(", True CFG: ").append(p.trueCfg());
        return sb.toString();
    }

    private static String escape(String value) {
        return value.contains(",") || value.contains(":") ? "\"" + value.replace("\"", "'") + "\"" : value;
    }

    /**
     * Parses the chunk's text back into parameters.
     *
     * @param text the text {@link #format} wrote (or a web UI wrote, as far as it carries the same fields)
     * @return the parameters
     * @throws IllegalArgumentException if the text lacks the parameter line
     */
    public static GenerationParameters parse(String text) {
        int last = text.lastIndexOf('\n');
        if (last < 0 || !text.substring(last + 1).startsWith("Steps: ")) {
            throw new IllegalArgumentException("not a generation-parameters text: no 'Steps: ...' line");
        }
        String head = text.substring(0, last);
        String negative = null;
        int neg = head.indexOf("\nNegative prompt: ");
        String prompt = head;
        if (neg >= 0) {
            prompt = head.substring(0, neg);
            negative = head.substring(neg + "\nNegative prompt: ".length());
        } else if (head.startsWith("Negative prompt: ")) {
            prompt = "";
            negative = head.substring("Negative prompt: ".length());
        }
        Map<String, String> fields = fields(text.substring(last + 1));
        String[] size = fields.getOrDefault("Size", "0x0").split("x");
        String seed = fields.getOrDefault("Seed", "none");
        return new GenerationParameters(prompt, negative, Integer.parseInt(size[0]), Integer.parseInt(size[1]),
                Integer.parseInt(fields.getOrDefault("Steps", "0")),
                Double.parseDouble(fields.getOrDefault("CFG scale", "0")),
                Boolean.parseBoolean(fields.getOrDefault("True CFG", "false")),
                seed.equals("none") ? null : Long.valueOf(seed),
                fields.getOrDefault("RNG", "cpu").toLowerCase(Locale.ROOT),
                Integer.parseInt(fields.getOrDefault("Batch size", "1")),
                fields.getOrDefault("Model", ""), fields.getOrDefault("Sampler", ""));
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < line.length()) {
            int colon = line.indexOf(": ", i);
            if (colon < 0) {
                break;
            }
            String key = line.substring(i, colon).trim();
            int start = colon + 2;
            int end;
            String value;
            if (start < line.length() && line.charAt(start) == '"') {
                int close = line.indexOf('"', start + 1);
                close = close < 0 ? line.length() : close;
                value = line.substring(start + 1, close);
                end = line.indexOf(", ", close);
            } else {
                end = line.indexOf(", ", start);
                value = line.substring(start, end < 0 ? line.length() : end);
            }
            out.put(key, value);
            i = end < 0 ? line.length() : end + 2;
        }
        return out;
    }

    /**
     * Writes a PNG carrying the parameters.
     *
     * @param image the image
     * @param parameters the parameters, or {@code null} for a plain PNG
     * @param out the stream; not closed
     * @throws IOException if writing fails
     */
    public static void write(BufferedImage image, GenerationParameters parameters, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer available in this JVM");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
                    writer.getDefaultWriteParam());
            if (parameters != null) {
                addText(metadata, format(parameters));
            }
            writer.write(null, new IIOImage(image, null, metadata), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
    }

    private static void addText(IIOMetadata metadata, String text) throws IIOInvalidTreeException {
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", KEYWORD);
            entry.setAttribute("value", text);
            IIOMetadataNode chunk = new IIOMetadataNode("tEXt");
            chunk.appendChild(entry);
            root.appendChild(chunk);
        } else {
            IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
            entry.setAttribute("keyword", KEYWORD);
            entry.setAttribute("compressionFlag", "FALSE");
            entry.setAttribute("compressionMethod", "0");
            entry.setAttribute("languageTag", "");
            entry.setAttribute("translatedKeyword", "");
            entry.setAttribute("text", text);
            IIOMetadataNode chunk = new IIOMetadataNode("iTXt");
            chunk.appendChild(entry);
            root.appendChild(chunk);
        }
        metadata.mergeTree(FORMAT, root);
    }

    /**
     * Reads the parameters text of a PNG, if it has one.
     *
     * @param in the PNG bytes
     * @return the text of its {@code parameters} chunk
     * @throws IOException if the bytes are not a readable PNG
     */
    public static Optional<String> readText(InputStream in) throws IOException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new IOException("not an image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis);
                IIOMetadata metadata = reader.getImageMetadata(0);
                if (metadata == null || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(FORMAT)) {
                    return Optional.empty();
                }
                return find(metadata.getAsTree(FORMAT));
            } catch (RuntimeException e) {
                throw new IOException("not a readable PNG: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static Optional<String> find(Node root) {
        for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
            for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                if (!(entry instanceof IIOMetadataNode)) {
                    continue;
                }
                IIOMetadataNode e = (IIOMetadataNode) entry;
                if (!KEYWORD.equals(e.getAttribute("keyword"))) {
                    continue;
                }
                switch (e.getNodeName()) {
                    case "tEXtEntry":
                    case "zTXtEntry":
                        return Optional.of(e.getAttribute(e.getNodeName().equals("tEXtEntry") ? "value" : "text"));
                    case "iTXtEntry":
                        return Optional.of(e.getAttribute("text"));
                    default:
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the generation parameters of a PNG, if it carries them.
     *
     * @param in the PNG bytes
     * @return the parameters
     * @throws IOException if the bytes are not a readable PNG
     */
    public static Optional<GenerationParameters> read(InputStream in) throws IOException {
        Optional<String> text = readText(in);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text.get()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
