package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import jdl.rnn.CellType;
import jdl.chapters.RnnExperiments;

class ParallelTest {

    @Test
    void resultsComeBackInInputOrder() {
        assertEquals(List.of(1, 4, 9, 16, 25), Parallel.map(List.of(1, 2, 3, 4, 5), x -> x * x));
    }

    @Test
    void seededTrainingRunsGiveTheSameNumbersInParallel() {
        List<CellType> cells = List.of(CellType.RNN, CellType.GRU);
        List<Double> parallel = Parallel.map(cells, c -> RnnExperiments.adding(c, 8, 8, 40, 1e-2, 1, true).testMse());
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(RnnExperiments.adding(cells.get(i), 8, 8, 40, 1e-2, 1, true).testMse(), parallel.get(i), 0.0);
        }
    }

    @Test
    void aFailingJobRethrowsItsException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.map(List.of(1, 2),
                x -> {
                    if (x == 2) {
                        throw new IllegalArgumentException("x: expected 1, got 2");
                    }
                    return x;
                }));
        assertEquals("x: expected 1, got 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.map(null, x -> x));
    }
}
