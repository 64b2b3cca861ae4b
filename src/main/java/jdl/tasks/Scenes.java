package jdl.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jdl.data.ImageSet;
import jdl.nn.Rng;
import jdl.nn.Shapes;

/**
 * Scenes composed from Fashion-MNIST items, with captions: a canvas of 2×2 cells of 28×28 pixels (56×56), some
 * cells holding one item each, the others empty. The caption names every item with its cell, in reading order
 * (top left, top right, bottom left, bottom right), so the target is deterministic:
 * <pre>
 *   top left : bag . bottom right : sneaker
 * </pre>
 * Each cell is one <b>region</b> of the encoder (region r = row · 2 + column). For every caption token the scene
 * records which region holds what that token names: the cell for an item word, −1 for the other words —
 * what "attention correctness" compares the attention peak against.
 *
 * @param images   the canvases [n, 56·56] in [0, 1], row-major
 * @param cells    per scene, the class index in each of the 4 cells (−1: empty)
 * @param captions per scene, the caption tokens
 * @param regions  per scene, for each caption token the region its item lies in, or −1
 */
public record Scenes(INDArray images, int[][] cells, List<List<String>> captions, List<int[]> regions) {

    public static final int GRID = 2;
    public static final int CELL = 28;
    public static final int SIDE = GRID * CELL;
    public static final int REGIONS = GRID * GRID;
    public static final int REGION_PIXELS = CELL * CELL;

    /** The class names as single tokens, in Fashion-MNIST's label order. */
    public static final List<String> ITEMS = List.of("tshirt", "trouser", "pullover", "dress", "coat", "sandal",
            "shirt", "sneaker", "bag", "boot");
    private static final String[] ROW = {"top", "bottom"};
    private static final String[] COLUMN = {"left", "right"};

    /** The caption vocabulary: PAD, BOS, EOS, the 4 position words, ":" and ".", the 10 items. */
    public static Vocabulary vocabulary() {
        List<String> words = new ArrayList<>(List.of("top", "bottom", "left", "right", ":", "."));
        words.addAll(ITEMS);
        return new Vocabulary(words);
    }

    /**
     * {@code count} scenes of {@code minItems} to {@code maxItems} items (uniform), in distinct cells chosen
     * uniformly, each item drawn uniformly from {@code items} (the train split for training scenes, the test
     * split for test scenes), all from {@code seed}.
     */
    public static Scenes generate(ImageSet items, int count, int minItems, int maxItems, long seed) {
        if (items == null || items.height() != CELL || items.width() != CELL) {
            throw new IllegalArgumentException("items: expected 28x28 images (Fashion-MNIST), got "
                    + (items == null ? "null" : items.height() + "x" + items.width()));
        }
        if (count < 1) {
            throw new IllegalArgumentException("count: expected at least 1 scene, got " + count);
        }
        if (minItems < 1 || maxItems < minItems || maxItems > REGIONS) {
            throw new IllegalArgumentException("minItems, maxItems: expected 1 <= minItems <= maxItems <= " + REGIONS
                    + ", got " + minItems + " and " + maxItems);
        }
        Rng rng = new Rng(seed);
        float[] source = items.images().castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] pixels = new float[count * SIDE * SIDE];
        int[][] cells = new int[count][];
        List<List<String>> captions = new ArrayList<>();
        List<int[]> regions = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int k = minItems + rng.nextInt(maxItems - minItems + 1);
            int[] order = rng.permutation(REGIONS);
            int[] labels = new int[REGIONS];
            Arrays.fill(labels, -1);
            for (int i = 0; i < k; i++) {
                int r = order[i];
                int item = rng.nextInt(items.size());
                labels[r] = items.labels()[item];
                int top = (r / GRID) * CELL;
                int left = (r % GRID) * CELL;
                for (int y = 0; y < CELL; y++) {
                    System.arraycopy(source, item * REGION_PIXELS + y * CELL, pixels,
                            s * SIDE * SIDE + (top + y) * SIDE + left, CELL);
                }
            }
            cells[s] = labels;
            List<String> caption = new ArrayList<>();
            List<Integer> region = new ArrayList<>();
            caption(labels, caption, region);
            captions.add(caption);
            regions.add(region.stream().mapToInt(Integer::intValue).toArray());
        }
        return new Scenes(Nd4j.create(pixels, new long[] {count, SIDE * SIDE}, DataType.FLOAT), cells,
                captions, regions);
    }

    /** The caption of a scene with these cell labels (−1: empty), in reading order. */
    public static List<String> caption(int[] cellLabels) {
        List<String> caption = new ArrayList<>();
        caption(cellLabels, caption, new ArrayList<>());
        return caption;
    }

    private static void caption(int[] labels, List<String> caption, List<Integer> region) {
        if (labels == null || labels.length != REGIONS) {
            throw new IllegalArgumentException("cellLabels: expected " + REGIONS + " labels, got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int r = 0; r < REGIONS; r++) {
            if (labels[r] < 0) {
                continue;
            }
            if (labels[r] >= ITEMS.size()) {
                throw new IllegalArgumentException("cellLabels[" + r + "]: expected -1 or a class 0.."
                        + (ITEMS.size() - 1) + ", got " + labels[r]);
            }
            if (!caption.isEmpty()) {
                caption.add(".");
                region.add(-1);
            }
            caption.addAll(List.of(ROW[r / GRID], COLUMN[r % GRID], ":", ITEMS.get(labels[r])));
            region.addAll(List.of(-1, -1, -1, r));
        }
        if (caption.isEmpty()) {
            throw new IllegalArgumentException("cellLabels: expected at least one item, got an empty scene");
        }
    }

    public int size() {
        return cells.length;
    }

    /** Scenes {@code from} (inclusive) to {@code to} (exclusive). */
    public Scenes slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("from, to: expected 0 <= from < to <= " + size() + ", got " + from
                    + " and " + to);
        }
        return new Scenes(images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), Arrays.copyOfRange(cells, from, to),
                captions.subList(from, to), regions.subList(from, to));
    }

    /** The caption of scene i as one string. */
    public String text(int i) {
        return String.join(" ", captions.get(i));
    }

    /**
     * The regions of the chosen scenes as the encoder reads them: [rows.length, 4, 784], region r = cell r
     * in reading order, each cell's pixels row-major.
     */
    public INDArray regionPixels(int[] rows, DataType dtype) {
        return regionPixels(images, rows, dtype);
    }

    /** {@link #regionPixels(int[], DataType)} for any canvases [n, 56·56]. */
    public static INDArray regionPixels(INDArray canvases, int[] rows, DataType dtype) {
        Shapes.requireFeatures("canvases", canvases, SIDE * SIDE, canvases.dataType());
        for (int k = 0; k < rows.length; k++) {
            if (rows[k] < 0 || rows[k] >= canvases.rows()) {
                throw new IllegalArgumentException("rows[" + k + "]: expected 0.." + (canvases.rows() - 1) + ", got " + rows[k]);
            }
        }
        // only the chosen canvases leave ND4J (one native gather), then Java cuts them into cells
        float[] all = Nd4j.pullRows(canvases, 1, rows).castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] out = new float[rows.length * REGIONS * REGION_PIXELS];
        for (int k = 0; k < rows.length; k++) {
            for (int r = 0; r < REGIONS; r++) {
                int top = (r / GRID) * CELL;
                int left = (r % GRID) * CELL;
                for (int y = 0; y < CELL; y++) {
                    System.arraycopy(all, k * SIDE * SIDE + (top + y) * SIDE + left, out,
                            (k * REGIONS + r) * REGION_PIXELS + y * CELL, CELL);
                }
            }
        }
        return Nd4j.create(out, new long[] {rows.length, REGIONS, REGION_PIXELS}, DataType.FLOAT).castTo(dtype);
    }

    /**
     * For drawing: one copy of a canvas [56·56] per row of {@code alpha} [words][4], each region brightened by its
     * weight (pixel · 0.35 + α · 0.65), as [words, 56·56] for {@code Plots.imageGrid}.
     */
    public static INDArray attentionOverlay(INDArray canvas, double[][] alpha) {
        double[] pixels = Shapes.doubles(canvas.reshape(1, SIDE * SIDE));
        double[] out = new double[alpha.length * SIDE * SIDE];
        for (int w = 0; w < alpha.length; w++) {
            if (alpha[w].length != REGIONS) {
                throw new IllegalArgumentException("alpha[" + w + "]: expected " + REGIONS + " weights, got " + alpha[w].length);
            }
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int r = (y / CELL) * GRID + x / CELL;
                    out[w * SIDE * SIDE + y * SIDE + x] = 0.35 * pixels[y * SIDE + x] + 0.65 * alpha[w][r];
                }
            }
        }
        return Nd4j.create(out, new long[] {alpha.length, SIDE * SIDE}, DataType.DOUBLE);
    }
}
