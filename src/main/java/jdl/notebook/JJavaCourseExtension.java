package jdl.notebook;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;

import jdl.plot.Plots;

/**
 * Makes any XChart chart that ends a cell render inline as a PNG, a {@link Source.View} as highlighted HTML, and
 * training show its live display
 * ({@link Progress} as the {@code jdl.nn.TrainingListener}). JJava finds this class through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension} when {@code %classpath} adds the course
 * library. Under a kernel without extensions (IJava), wrap a chart in {@link Plots#image} instead.
 */
public final class JJavaCourseExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        register(kernel.getRenderer());
        jdl.nn.TrainingListener.use(Progress::start);      // training shows the live display in this kernel
    }

    /** Registers the PNG renderer for XChart charts with a JJava renderer. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static void register(Renderer renderer) {
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, context) -> context.renderIfRequested(MIMEType.IMAGE_PNG,
                        () -> Plots.base64Png((Chart) chart)));
        renderer.createRegistration(Source.View.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((view, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> ((Source.View) view).html());
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, view::toString);
                });
    }
}
