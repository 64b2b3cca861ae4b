package jdl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import jdl.gan.GanConfig;
import jdl.glimpse.RamConfig;
import jdl.transformer.Positions;
import jdl.transformer.TransformerConfig;

class ConfigsTest {

    @Test
    void namedFieldsBuildTheSameRecordAsTheConstructor() {
        GanConfig named = GanConfig.images().noiseDim(32).generatorHidden(128, 256).batchSize(32).seed(3);
        GanConfig positional = new GanConfig(32, 784, 10, List.of(128, 256), List.of(512), Activation.RELU,
                GanConfig.Output.SIGMOID, 1e-3, 1e-3, 0.5, 32, 1, 1.0, 1, 3);
        assertEquals(positional, named);
        assertEquals(new TransformerConfig(32, 2, 1, 128, 8, Positions.NONE, 0.0, 3),
                TransformerConfig.defaults().d(32).heads(2).layers(1).ffn(128).maxLength(8).positions(Positions.NONE).seed(3));
    }

    @Test
    void aCopyLeavesTheOriginalAloneAndPrintsNameValuePairs() {
        RamConfig base = RamConfig.defaults();
        RamConfig wider = base.side(100).glimpses(8);
        assertEquals(60, base.side());
        assertEquals(100, wider.side());
        assertEquals(base.patch(), wider.patch());
        String printed = wider.toString();
        assertEquals(true, printed.contains("side=100") && printed.contains("glimpses=8"), printed);
    }

    @Test
    void everyCopyIsValidatedByTheRecord() {
        assertEquals("batchSize: expected a multiple of pack = 2, got 63",
                assertThrows(IllegalArgumentException.class,
                        () -> GanConfig.images().pack(2).batchSize(63)).getMessage());
        assertEquals("scales: expected 1..6, got 9",
                assertThrows(IllegalArgumentException.class, () -> RamConfig.defaults().scales(9)).getMessage());
    }

    @Test
    void unknownNamesAndWrongTypesAreRefused() {
        assertEquals("name: expected a field of RamConfig, got 'sides'",
                assertThrows(IllegalArgumentException.class,
                        () -> Configs.with(RamConfig.defaults(), "sides", 100)).getMessage());
        assertEquals("side: expected int, got String 100",
                assertThrows(IllegalArgumentException.class,
                        () -> Configs.with(RamConfig.defaults(), "side", "100")).getMessage());
    }
}
