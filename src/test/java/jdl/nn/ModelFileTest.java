package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** Save a trained model, rebuild it from the stored configuration, load the parameters, get the same outputs. */
class ModelFileTest {

    @TempDir
    Path dir;

    private static final MlpConfig CONFIG = new MlpConfig(5, List.of(7, 6), 3, Activation.RELU, 0.25);

    /** An MLP trained for a few Adam steps (so that the saved values are not the initial ones). */
    private static Mlp trained(Params p, MlpConfig config, long seed) {
        Mlp mlp = new Mlp(p, "mlp", config, new Rng(seed));
        Optimizer adam = new Optimizer(p, new Adam(1e-2));
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        Rng data = new Rng(99);
        INDArray x = data.normal(p.dataType(), 1.0, 16, config.input());
        int[] t = new int[16];
        for (int i = 0; i < t.length; i++) {
            t[i] = data.nextInt(config.output());
        }
        for (int step = 0; step < 5; step++) {
            p.zeroGrad();
            ce.forward(mlp.forward(x), t);
            mlp.backward(ce.backward());
            adam.step();
        }
        return mlp;
    }

    private static double[] evalOutput(Mlp mlp, INDArray x) {
        mlp.setTraining(false);
        return Shapes.doubles(mlp.forward(x));
    }

    private static void roundTrip(DataType dtype, Path file) {
        Params p = new Params(dtype);
        Mlp mlp = trained(p, CONFIG, 1);
        Params untrained = new Params(dtype);
        new Mlp(untrained, "mlp", CONFIG, new Rng(1));
        assertFalse(Arrays.equals(Shapes.doubles(untrained.flatValues()), Shapes.doubles(p.flatValues())),
                "training must have changed the parameters");

        ModelFile.save(file, CONFIG, p);
        MlpConfig read = ModelFile.readConfig(file, MlpConfig.class);
        assertEquals(CONFIG, read);

        Params q = new Params(dtype);
        Mlp rebuilt = new Mlp(q, "mlp", read, new Rng(2));     // a different seed: different initial weights
        INDArray x = new Rng(7).normal(dtype, 1.0, 9, 5);
        double[] expected = evalOutput(mlp, x);
        assertFalse(Arrays.equals(expected, evalOutput(rebuilt, x)), "before loading, the outputs must differ");

        ModelFile.loadInto(file, q);
        for (Param param : p.list()) {
            assertArrayEquals(Shapes.doubles(param.value()), Shapes.doubles(q.get(param.name()).value()), param.name());
        }
        assertArrayEquals(expected, evalOutput(rebuilt, x), "outputs after loading must be equal exactly");
    }

    @Test
    void roundTripInDouble() {
        roundTrip(DataType.DOUBLE, dir.resolve("models/mlp.bin"));   // also creates the missing folder
    }

    @Test
    void roundTripInFloat() {
        roundTrip(DataType.FLOAT, dir.resolve("mlp-float.bin"));
    }

    @Test
    void loadingIntoAPackedStoreUpdatesTheFlatArrays() {
        Params p = new Params(DataType.DOUBLE);
        trained(p, CONFIG, 1);
        Path file = dir.resolve("m.bin");
        ModelFile.save(file, CONFIG, p);
        Params q = new Params(DataType.DOUBLE);
        new Mlp(q, "mlp", CONFIG, new Rng(3));
        q.pack();
        ModelFile.loadInto(file, q);
        assertArrayEquals(Shapes.doubles(p.flatValues()), Shapes.doubles(q.flatValues()));
    }

    /** A record with every kind of component the file format stores. */
    record AllKinds(int i, long l, double d, boolean b, String s, Activation a, List<Integer> sizes, List<Integer> none) {
    }

    @Test
    void everyKindOfConfigurationComponentRoundTrips() {
        AllKinds config = new AllKinds(-3, 1L << 40, 0.1 + 0.2, true, "a=b, c", Activation.LEAKY_RELU, List.of(4, 0, -2),
                List.of());
        Params p = new Params(DataType.DOUBLE);
        new Linear(p, "fc", 2, 2, Init.XAVIER_UNIFORM, new Rng(1));
        Path file = dir.resolve("all.bin");
        ModelFile.save(file, config, p);
        assertEquals(config, ModelFile.readConfig(file, AllKinds.class));
    }

    record OtherConfig(int size) {
    }

    private static IllegalArgumentException rejects(Executable e, String... fragments) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String f : fragments) {
            assertTrue(ex.getMessage().contains(f), "message '" + ex.getMessage() + "' should contain '" + f + "'");
        }
        return ex;
    }

    private Path saved(MlpConfig config, String name) {
        Params p = new Params(DataType.DOUBLE);
        new Mlp(p, name, config, new Rng(1));
        Path file = dir.resolve(name + "-" + config.hidden() + ".bin");
        ModelFile.save(file, config, p);
        return file;
    }

    @Test
    void missingFilesAndFoldersAreNamed() {
        Path missing = dir.resolve("nothing-here.bin");
        rejects(() -> ModelFile.readConfig(missing, MlpConfig.class), "file", "no model file", missing.toString());
        Params p = new Params(DataType.DOUBLE);
        new Mlp(p, "mlp", CONFIG, new Rng(1));
        rejects(() -> ModelFile.loadInto(missing, p), "file", missing.toString());
        rejects(() -> ModelFile.readConfig(dir, MlpConfig.class), "file", dir.toString());
    }

    @Test
    void filesThatAreNotModelFilesAreRejected() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a model", StandardCharsets.UTF_8);
        rejects(() -> ModelFile.readConfig(text, MlpConfig.class), "file", "not a jdl model file", text.toString());

        Path empty = Files.createFile(dir.resolve("empty.bin"));
        rejects(() -> ModelFile.readConfig(empty, MlpConfig.class), "file", "not a jdl model file", empty.toString());
        Params p = new Params(DataType.DOUBLE);
        new Mlp(p, "mlp", CONFIG, new Rng(1));
        rejects(() -> ModelFile.loadInto(empty, p), "file", "not a jdl model file");
    }

    @Test
    void aTruncatedFileIsRejected() throws IOException {
        Path file = saved(CONFIG, "mlp");
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 20));
        Params p = new Params(DataType.DOUBLE);
        new Mlp(p, "mlp", CONFIG, new Rng(1));
        rejects(() -> ModelFile.loadInto(cut, p), "file", cut.toString(), "ends early");
    }

    @Test
    void aConfigurationOfAnotherTypeIsRejected() {
        Path file = saved(CONFIG, "mlp");
        rejects(() -> ModelFile.readConfig(file, OtherConfig.class), "type", MlpConfig.class.getName(),
                OtherConfig.class.getName());
    }

    @Test
    void wrongShapesCountsAndNamesAreRejectedWithoutChangingTheModel() {
        Path file = saved(new MlpConfig(5, List.of(7, 6), 3, Activation.TANH), "mlp");

        Params otherShape = new Params(DataType.DOUBLE);
        new Mlp(otherShape, "mlp", new MlpConfig(5, List.of(7, 9), 3, Activation.TANH), new Rng(4));
        double[] before = Shapes.doubles(otherShape.flatValues());
        rejects(() -> ModelFile.loadInto(file, otherShape), "mlp.fc2.W", "[7, 6]", "[7, 9]");
        assertArrayEquals(before, Shapes.doubles(otherShape.flatValues()),
                "a failed load must leave the model as it was (fc1 matched, fc2 did not)");

        Params otherCount = new Params(DataType.DOUBLE);
        new Mlp(otherCount, "mlp", new MlpConfig(5, List.of(7), 3, Activation.TANH), new Rng(4));
        rejects(() -> ModelFile.loadInto(file, otherCount), "params", "6 parameters", "the model has 4");

        Params otherNames = new Params(DataType.DOUBLE);
        new Mlp(otherNames, "net", new MlpConfig(5, List.of(7, 6), 3, Activation.TANH), new Rng(4));
        rejects(() -> ModelFile.loadInto(file, otherNames), "mlp.fc1.W");
    }
}
