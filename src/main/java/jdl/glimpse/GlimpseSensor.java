package jdl.glimpse;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

import jdl.nn.kernels.HostArrays;
import jdl.nn.Shapes;

/**
 * The glimpse sensor ρ(x, l) of Mnih et al. (2014): around the location l it reads {@code scales} square patches,
 * the first {@code patch}×{@code patch} pixels, each next one twice as wide, and scales every one down to
 * {@code patch}×{@code patch} by averaging blocks of pixels (factor 1, 2, 4, …). So the centre is seen sharply and
 * the surroundings coarsely, with {@code scales · patch²} numbers in all. Pixels outside the canvas read as 0.
 *
 * <p>A location l = (l_row, l_col) lies in [−1, 1]²: (−1, −1) is the top-left corner of the canvas, (0, 0) its
 * centre, (1, 1) the bottom-right corner; the centre pixel is c = (l + 1)/2 · side. The sensor is not
 * differentiable in l (it picks pixels), which is why the location policy is trained by REINFORCE.
 */
public final class GlimpseSensor {

    private final int side;
    private final int patch;
    private final int scales;

    public GlimpseSensor(int side, int patch, int scales) {
        if (side < 1) {
            throw new IllegalArgumentException("side: expected at least 1 pixel, got " + side);
        }
        if (patch < 1) {
            throw new IllegalArgumentException("patch: expected at least 1 pixel, got " + patch);
        }
        if (scales < 1 || scales > 6) {
            throw new IllegalArgumentException("scales: expected 1..6, got " + scales);
        }
        this.side = side;
        this.patch = patch;
        this.scales = scales;
    }

    /** Numbers per glimpse: scales · patch². */
    public int size() {
        return scales * patch * patch;
    }

    public int side() {
        return side;
    }

    public int patch() {
        return patch;
    }

    public int scales() {
        return scales;
    }

    /**
     * The square that scale {@code k} (0 = finest) reads around the location: {top, left, width} in canvas pixels
     * (it may stick out of the canvas).
     */
    public int[] square(double lRow, double lCol, int k) {
        if (k < 0 || k >= scales) {
            throw new IllegalArgumentException("k: expected a scale 0.." + (scales - 1) + ", got " + k);
        }
        int width = patch << k;
        int top = (int) Math.round((lRow + 1) / 2 * side - width / 2.0);
        int left = (int) Math.round((lCol + 1) / 2 * side - width / 2.0);
        return new int[] {top, left, width};
    }

    /** ρ(x, l) for a batch: images [n, side²], locations [n, 2] → glimpses [n, scales · patch²] in the images' type. */
    public INDArray read(INDArray images, INDArray locations) {
        Shapes.requireFeatures("images", images, (long) side * side, null);
        if (images.rank() != 2) {
            throw new IllegalArgumentException("images: expected shape [n, " + side * side + "], got "
                    + Arrays.toString(images.shape()));
        }
        Shapes.requireSameShape("locations", locations, new long[] {images.rows(), 2});
        float[] pixels = HostArrays.floats(images);
        return HostArrays.matrix(read(pixels, HostArrays.doubles(locations)), images.rows(), size(), images.dataType());
    }

    /**
     * ρ(x, l) on plain arrays: {@code pixels} holds n canvases of side² values one after the other, {@code locations}
     * n pairs (l_row, l_col); the result holds n glimpses of {@link #size()} values: for every scale its
     * patch×patch averages, row by row.
     */
    public double[] read(float[] pixels, double[] locations) {
        int area = side * side;
        if (pixels.length % area != 0 || pixels.length / area != locations.length / 2 || locations.length % 2 != 0) {
            throw new IllegalArgumentException("pixels, locations: expected n·" + area + " pixels and 2n coordinates, got "
                    + pixels.length + " and " + locations.length);
        }
        int n = locations.length / 2;
        double[] out = new double[n * size()];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < scales; k++) {
                int[] sq = square(locations[2 * i], locations[2 * i + 1], k);
                int factor = 1 << k;
                double scale = 1.0 / (factor * factor);
                int base = i * size() + k * patch * patch;
                for (int r = 0; r < patch; r++) {
                    for (int c = 0; c < patch; c++) {
                        double sum = 0;                      // average of a factor×factor block, 0 outside
                        for (int dy = 0; dy < factor; dy++) {
                            int y = sq[0] + r * factor + dy;
                            if (y < 0 || y >= side) {
                                continue;
                            }
                            int row = i * area + y * side;
                            for (int dx = 0; dx < factor; dx++) {
                                int x = sq[1] + c * factor + dx;
                                if (x >= 0 && x < side) {
                                    sum += pixels[row + x];
                                }
                            }
                        }
                        out[base + r * patch + c] = sum * scale;
                    }
                }
            }
        }
        return out;
    }
}
