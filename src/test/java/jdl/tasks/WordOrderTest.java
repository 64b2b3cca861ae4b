package jdl.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import jdl.nn.Rng;

class WordOrderTest {

    @Test
    void lengthRangeIsRespectedAndLabelsFollowTheOrder() {
        WordOrder.Batch b = WordOrder.batch(300, 10, 20, new Rng(1), DataType.DOUBLE);
        double[] lengths = b.mask().sum(0).toDoubleVector();
        double[] y = b.y().toDoubleVector();
        boolean sawMin = false;
        boolean sawMax = false;
        for (int i = 0; i < lengths.length; i++) {
            String[] words = b.sentences().get(i).split(" ");
            assertEquals(words.length, (int) lengths[i], "mask length of sentence " + i);
            assertTrue(words.length >= 10 && words.length <= 20, "length " + words.length);
            sawMin |= words.length == 10;
            sawMax |= words.length == 20;
            java.util.List<String> list = java.util.List.of(words);
            assertEquals(list.indexOf("are") < list.indexOf("you") ? 1.0 : 0.0, y[i], "label of " + b.sentences().get(i));
        }
        assertTrue(sawMin && sawMax, "both ends of the length range occur in 300 sentences");
        assertEquals(20, b.x().size(0), "time steps of the padded batch");
    }

    @Test
    void defaultBatchKeepsItsOldNumbers() {
        WordOrder.Batch a = WordOrder.batch(50, new Rng(3), DataType.DOUBLE);
        WordOrder.Batch b = WordOrder.batch(50, 3, 6, new Rng(3), DataType.DOUBLE);
        assertEquals(a.sentences(), b.sentences());
    }

    @Test
    void badLengthsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordOrder.batch(5, 6, 4, new Rng(1), DataType.DOUBLE));
        assertTrue(e.getMessage().contains("minLength"), e.getMessage());
    }
}
