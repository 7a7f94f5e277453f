package dev.qwenimage.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Models shipped inside the SDK's jar, materialised as ordinary model folders. ONNX Runtime and the tokenizer read
 * files, so a classpath model is copied once to {@code ${java.io.tmpdir}/qwen-image-java/<name>-<sha256>} (a content
 * address: a changed model never reuses a stale copy) with an atomic rename, so concurrent JVMs never see a partial
 * folder.
 */
public final class BuiltInModels {

    /** The name of the built-in default model. */
    public static final String MICRO = "qwen-image-micro";

    private static final String MICRO_RESOURCE = "/dev/qwenimage/models/qwen-image-micro/";
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    private BuiltInModels() {
    }

    /**
     * The built-in qwen-image-micro model: a 6-layer MMDiT trained on coloured shapes, 128×128 images.
     *
     * @return its folder on disk
     * @throws UncheckedIOException if it cannot be copied out of the jar
     */
    public static Path micro() {
        return fromClasspath(BuiltInModels.class, MICRO_RESOURCE);
    }

    /**
     * Materialises a model folder stored as class-path resources (the contract's files, plus {@code README.json} and
     * {@code latent_preview.json} when present) under the temporary directory.
     *
     * @param anchor a class whose class loader sees the resources
     * @param resourceRoot the resource folder, starting and ending with {@code /}
     * @return the folder on disk
     * @throws UncheckedIOException if a required resource is missing or cannot be copied
     */
    public static Path fromClasspath(Class<?> anchor, String resourceRoot) {
        return EXTRACTED.computeIfAbsent(anchor.getName() + "|" + resourceRoot, key -> extract(anchor, resourceRoot));
    }

    private static Path extract(Class<?> anchor, String resourceRoot) {
        String trimmed = resourceRoot.endsWith("/") ? resourceRoot.substring(0, resourceRoot.length() - 1) : resourceRoot;
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "qwen-image-java");
        try {
            Files.createDirectories(base);
            Path staging = Files.createTempDirectory(base, name + "-staging-");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            boolean any = false;
            for (String file : concat(ModelFolder.FILES, "README.json", "latent_preview.json")) {
                try (InputStream in = anchor.getResourceAsStream(resourceRoot + file)) {
                    if (in == null) {
                        continue;
                    }
                    any = true;
                    digest.update(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    Path target = staging.resolve(file);
                    Files.createDirectories(target.getParent());
                    Files.copy(new DigestInputStream(in, digest), target);
                }
            }
            if (!any) {
                deleteTree(staging);
                throw new UncheckedIOException(new IOException("no model resources under " + resourceRoot));
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            Path finalDir = base.resolve(name + "-" + hash);
            if (Files.isDirectory(finalDir)) {
                deleteTree(staging);
                return finalDir;
            }
            try {
                Files.move(staging, finalDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                // Another process finished first (or the file system cannot rename atomically): use what is there.
                deleteTree(staging);
                if (!Files.isDirectory(finalDir)) {
                    throw e;
                }
            }
            return finalDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot materialise the built-in model " + name + " under " + base, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Iterable<String> concat(java.util.List<String> files, String... extra) {
        java.util.List<String> all = new java.util.ArrayList<>(files);
        all.addAll(java.util.List.of(extra));
        return all;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
