package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BatchesRowsTest {

    @Test
    void rowsGathersTheIndexedRowsAlsoFromAView() {
        INDArray x = Nd4j.arange(0, 60).castTo(DataType.FLOAT).reshape(12, 5);
        INDArray view = x.get(NDArrayIndex.interval(4, 12), NDArrayIndex.all());   // rows 4..11, offset view
        int[] index = {7, 0, 3, 3};
        INDArray batch = Batches.rows(view, index);
        assertArrayEquals(new long[] {4, 5}, batch.shape());
        assertEquals(view.getRows(index), batch);
        assertEquals(55f, batch.getFloat(0, 0), "row 7 of the view is row 11 of x");
        batch.putScalar(0, 0, -1f);
        assertEquals(55f, x.getFloat(11, 0), "the batch is a copy");
    }
}
