package jdl.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed token list with three reserved ids: {@link #PAD} (padding, never predicted), {@link #BOS} (the
 * decoder's first input) and {@link #EOS} (the end of a translation).
 */
public final class Vocabulary {

    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;

    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();

    public Vocabulary(List<String> words) {
        for (String special : List.of("<pad>", "<s>", "</s>")) {
            add(special);
        }
        for (String w : words) {
            if (ids.containsKey(w)) {
                throw new IllegalArgumentException("words: expected distinct tokens, '" + w + "' appears twice");
            }
            add(w);
        }
    }

    private void add(String w) {
        ids.put(w, tokens.size());
        tokens.add(w);
    }

    public int size() {
        return tokens.size();
    }

    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("token: '" + token + "' is not in the vocabulary of " + size() + " tokens");
        }
        return id;
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("id: expected 0.." + (tokens.size() - 1) + ", got " + id);
        }
        return tokens.get(id);
    }

    public int[] encode(List<String> words) {
        return words.stream().mapToInt(this::id).toArray();
    }

    /** Tokens up to (not including) the first EOS; PAD and BOS are skipped. */
    public List<String> decode(int[] idsIn) {
        List<String> out = new ArrayList<>();
        for (int id : idsIn) {
            if (id == EOS) {
                break;
            }
            if (id != PAD && id != BOS) {
                out.add(token(id));
            }
        }
        return out;
    }

    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }
}
