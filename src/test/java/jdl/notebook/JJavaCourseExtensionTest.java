package jdl.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import jdl.plot.Plots;

class JJavaCourseExtensionTest {

    @Test
    void chartsRenderAsPngThroughTheKernelRenderer() throws Exception {
        Renderer renderer = new Renderer();
        XYChart chart = Plots.line("t", "x", "y", "s", new double[] {0, 1, 2}, new double[] {1, 0, 1});

        assertFalse(renderer.render(chart).hasDataForType(MIMEType.IMAGE_PNG), "no PNG before the extension");
        JJavaCourseExtension.register(renderer);
        DisplayData data = renderer.render(chart);

        assertTrue(data.hasDataForType(MIMEType.IMAGE_PNG));
        byte[] png = Base64.getDecoder().decode((String) data.getData(MIMEType.IMAGE_PNG));
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image.getWidth() == Plots.WIDTH && image.getHeight() == Plots.HEIGHT,
                "rendered " + image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void outsideAKernelTheBridgeIsUnavailable() {
        assertFalse(JJavaBridge.available());
    }
}
