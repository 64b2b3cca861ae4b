package jdl.notebook;

import java.util.UUID;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The one place that talks to the JJava kernel's display API: show a display and update it in place.
 * Everything else in the library works without JJava; {@link #available()} says whether a JJava kernel
 * is running this code (false in plain Java, in unit tests and under IJava).
 */
final class JJavaBridge {

    private static final String KERNEL_CLASS = "org.dflib.jjava.jupyter.kernel.BaseKernel";

    private JJavaBridge() {
    }

    /** True when a JJava kernel is executing a cell in this JVM. */
    static boolean available() {
        try {
            Class.forName(KERNEL_CLASS, false, JJavaBridge.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return Kernel.running();
    }

    /** Shows a display with plain text and, if {@code pngBase64} is not null, a PNG; returns its id. */
    static String display(String text, String pngBase64) {
        String id = "jdl-" + UUID.randomUUID();
        Kernel.display(id, text, pngBase64, false);
        return id;
    }

    /** Replaces the content of the display {@code id} in place. */
    static void update(String id, String text, String pngBase64) {
        Kernel.display(id, text, pngBase64, true);
    }

    /** Loaded only after {@link #available()} found the kernel classes. */
    private static final class Kernel {
        static boolean running() {
            try {
                return BaseKernel.notebookKernel().getIO().isAttached();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }

        static void display(String id, String text, String pngBase64, boolean update) {
            DisplayData data = new DisplayData(text);
            if (pngBase64 != null) {
                data.putData("image/png", pngBase64);
            }
            // what setDisplayId does; called directly because setDisplayId's return type differs
            // between JJava releases (void in 1.0-a6, DisplayData in 1.0a8)
            data.putTransientData("display_id", id);
            BaseKernel kernel = BaseKernel.notebookKernel();
            if (update) {
                kernel.getIO().display.updateDisplay(id, data);
            } else {
                kernel.display(data);
            }
        }
    }
}
