package jdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class FashionMnistTest {

    private static ImageSet train;
    private static ImageSet test;

    @BeforeAll
    static void load() {
        train = FashionMnist.train();
        test = FashionMnist.test();
    }

    @Test
    void sizesAndShapesAreAsDocumented() {
        assertEquals(20_000, train.size());
        assertEquals(4_000, test.size());
        assertArrayEquals(new long[] {20_000, 784}, train.images().shape());
        assertEquals(DataType.FLOAT, train.images().dataType());
        assertEquals(10, train.classNames().size());
        assertEquals("Ankle boot", train.classNames().get(train.labels()[0]), "the first training item");
    }

    @Test
    void classesAreBalancedAsStatedInTheDataReadme() {
        int[] trainCounts = train.classCounts();
        int[] testCounts = test.classCounts();
        assertEquals(1935, Arrays.stream(trainCounts).min().getAsInt());
        assertEquals(2068, Arrays.stream(trainCounts).max().getAsInt());
        assertEquals(374, Arrays.stream(testCounts).min().getAsInt());
        assertEquals(416, Arrays.stream(testCounts).max().getAsInt());
    }

    @Test
    void pixelsAreScaledToUnitRange() {
        assertEquals(0.0, train.images().minNumber().doubleValue());
        assertEquals(1.0, train.images().maxNumber().doubleValue());
        double mean = train.images().meanNumber().doubleValue();
        assertTrue(mean > 0.25 && mean < 0.32, "mean pixel " + mean); // Fashion-MNIST's mean is 0.286
    }

    @Test
    void arraysMatchTribuosIdxReaderPixelForPixel() {
        var tribuo = FashionMnist.tribuo(FashionMnist.Split.TEST);
        assertEquals(4_000, tribuo.size());
        ImageSet viaTribuo = FashionMnist.toImageSet(tribuo);
        assertArrayEquals(test.labels(), viaTribuo.labels());
        assertEquals(test.images(), viaTribuo.images());
    }

    @Test
    void oneHotAndHeadAgreeWithLabels() {
        ImageSet head = test.head(5);
        assertEquals(5, head.size());
        var y = head.oneHot();
        for (int i = 0; i < 5; i++) {
            assertEquals(head.labels()[i], y.getRow(i).argMax().getInt(0));
            assertEquals(1.0, y.getRow(i).sumNumber().doubleValue());
        }
        assertEquals(5, head.namesOf(0, 5).size());
    }

    @Test
    void tribuoExamplesOfArraysMatchTribuosOwnEncoding() {
        var tribuo = FashionMnist.tribuo(FashionMnist.Split.TEST);
        ImageSet head = test.head(3);
        var examples = FashionMnist.tribuoExamples(head.images(), head.labels());
        assertEquals(3, examples.size());
        for (int i = 0; i < 3; i++) {
            var expected = tribuo.getExample(i);
            var actual = examples.get(i);
            assertEquals(expected.getOutput(), actual.getOutput());
            assertEquals(expected.size(), actual.size(), "non-zero pixels of image " + i);
            var e = expected.iterator();
            var a = actual.iterator();
            while (e.hasNext()) {
                var fe = e.next();
                var fa = a.next();
                assertEquals(fe.getName(), fa.getName());
                assertEquals(fe.getValue(), fa.getValue(), 1e-9, fe.getName());
            }
        }
        var unlabelled = FashionMnist.tribuoExamples(head.images(), null);
        assertEquals(org.tribuo.classification.LabelFactory.UNKNOWN_LABEL, unlabelled.get(0).getOutput());
    }
}
