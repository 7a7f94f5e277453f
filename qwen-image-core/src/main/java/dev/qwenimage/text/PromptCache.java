package dev.qwenimage.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache of prompt embeddings, so repeated prompts and negative prompts skip the text
 * encoder. Thread-safe; concurrent misses of the same prompt may both encode it (the result is identical), but only
 * one entry is kept. Embeddings are immutable, so cached ones are shared safely.
 */
public final class PromptCache {

    /**
     * How the cache has been used.
     *
     * @param hits lookups answered from the cache
     * @param misses lookups that ran the text encoder
     * @param size entries held now
     * @param capacity the most entries it holds
     */
    public record Stats(long hits, long misses, int size, int capacity) {

        /** @return hits / (hits + misses), 0 before any lookup */
        public double hitRate() {
            long total = hits + misses;
            return total == 0 ? 0 : (double) hits / total;
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, PromptEmbedding> entries;
    private long hits;
    private long misses;

    /** @param capacity the most embeddings kept; 0 disables caching */
    public PromptCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("prompt cache capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PromptEmbedding> eldest) {
                return size() > PromptCache.this.capacity;
            }
        };
    }

    /**
     * Returns the cached embedding of a prompt, or encodes and caches it.
     *
     * @param prompt the prompt
     * @param encode computes the embedding on a miss (outside the cache's lock)
     * @return the embedding
     */
    public PromptEmbedding get(String prompt, Function<String, PromptEmbedding> encode) {
        synchronized (this) {
            PromptEmbedding cached = entries.get(prompt);
            if (cached != null) {
                hits++;
                return cached;
            }
            misses++;
        }
        PromptEmbedding computed = encode.apply(prompt);
        if (capacity > 0) {
            synchronized (this) {
                entries.putIfAbsent(prompt, computed);
            }
        }
        return computed;
    }

    /** Drops every entry (the counters stay). */
    public synchronized void clear() {
        entries.clear();
    }

    /** @return the counters and size */
    public synchronized Stats stats() {
        return new Stats(hits, misses, entries.size(), capacity);
    }
}
