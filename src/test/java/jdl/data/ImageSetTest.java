package jdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ImageSetTest {

    /** Five 2×2 images; image i has every pixel equal to i / 10 and label i % 3. */
    private static ImageSet five() {
        float[] pixels = new float[5 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i / 4) / 10f;
        }
        return new ImageSet(Nd4j.create(pixels, new long[] {5, 4}, DataType.FLOAT), new int[] {0, 1, 2, 0, 1}, 2, 2,
                List.of("a", "b", "c"));
    }

    @Test
    void sliceKeepsTheRowsAndTheirLabels() {
        ImageSet part = five().slice(2, 5);
        assertEquals(3, part.size());
        assertArrayEquals(new int[] {2, 0, 1}, part.labels());
        assertEquals(0.2, part.images().getDouble(0, 0), 1e-6);
        assertEquals(0.4, part.images().getDouble(2, 3), 1e-6);
        assertEquals(List.of("c", "a", "b"), part.namesOf(0, 3));
        assertEquals(0, five().slice(3, 3).size());
        assertArrayEquals(new int[] {0, 1}, five().head(2).labels());
    }

    @Test
    void badSliceBoundsAreNamedInTheError() {
        assertEquals("from, to: expected 0 <= from <= to <= 5, got 4 and 6",
                assertThrows(IllegalArgumentException.class, () -> five().slice(4, 6)).getMessage());
        assertEquals("from, to: expected 0 <= from <= to <= 5, got 3 and 2",
                assertThrows(IllegalArgumentException.class, () -> five().slice(3, 2)).getMessage());
    }
}
